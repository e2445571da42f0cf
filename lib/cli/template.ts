import type { SourceManifest, SourceTemplate } from '../vendors/source.js';
import { registeredVendors } from '../vendors/registry.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import type { CliCommand } from './command.js';

/** The sources with a body template (the log services, whose consoles have no fixed body), by name. */
function templatedSources(): { vendor: string; source: SourceManifest & { template: NonNullable<SourceManifest['template']> } }[] {
  return registeredVendors().flatMap((vendor) =>
    (vendor.sources ?? []).flatMap((source) =>
      source.template === undefined ? [] : [{ vendor: vendor.name, source: { ...source, template: source.template } }],
    ),
  );
}

const names = () => templatedSources().map(({ source }) => source.name);

/**
 * What to paste into the console: the headers (the secret's one with a placeholder, never the
 * secret itself: this is printed to terminals and pasted into tickets), then the body, last and
 * alone after its marker line so it can be copied whole. `--body` prints the body only.
 */
export function templatePrintout(source: SourceManifest, template: SourceTemplate, where: string, vendorPath: string): string {
  return [
    `# ${source.title}: alerthook's alarm template, version ${template.version} (${template.language}).`,
    `# Where: ${where}.`,
    `# Callback URL: your ${vendorPath} function's URL with /${source.pathSegment} (or the URL alone).`,
    '# Headers, one per line; put your ALERTHOOK_TOKEN in place of <ALERTHOOK_TOKEN>:',
    ...template.headers,
    '# Body, everything below this line:',
    template.body,
  ].join('\n');
}

export const templateCommand: CliCommand = {
  name: 'template',
  summary: "Print the body and headers to paste into a log service's alarm notification template.",
  operands: 'SOURCE',
  arity: { min: 1, max: 1 },
  options: { body: { type: 'boolean', description: 'print the body only (for a file, or an API call that takes it)' } },
  description: () =>
    `SOURCE is one of ${names().join(', ')}. CLS and TLS log alarms have no fixed body: the console renders one from a template, and ` +
    "alerthook reads what its own template renders. The body names the template's version, so bodies from an older template keep being read.",
  examples: ['alerthook template cls', 'alerthook template tls --body > tls-template.txt'],
  async run(values, operands) {
    const [name] = operands;
    const found = templatedSources().find(({ source }) => source.name === name);
    if (found === undefined) throw new CliError(`no template for "${name}" (there are: ${names().join(', ')})`, USAGE_MISTAKE);
    const template = await found.source.template.load();
    process.stdout.write(
      values.body === true ? template.body : templatePrintout(found.source, template, found.source.template.where, found.vendor),
    );
    return 0;
  },
};
