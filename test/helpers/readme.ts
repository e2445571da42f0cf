import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './built-cli.js';

/** The README as a user reads it; the shipped tests run what it shows. */
export const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The text under a heading (`## Name`), up to the next heading of the same or a higher level. */
export function readmeSection(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README has no "${heading}" section`);
  const level = heading.indexOf(' ');
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The contents of the fenced blocks of one language (```sh, ```yaml, …) in a section. */
export function codeBlocks(heading: string, language: string): string[] {
  return [...readmeSection(heading).matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] as string);
}
