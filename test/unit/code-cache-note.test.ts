import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheNodeFor, codeCacheNote, codeCacheTaken } from '../../deploy/code-cache.js';

// What deploy says about the package's code cache, for the runtime the function gets: only the V8
// that made a cache takes it (deploy/code-cache-loader.ts), so a Node 20 cache on SCF's Nodejs18.15
// is dead weight, and the output says how to make one it takes.

const node = (version: string) => ({ node: version, v8: 'x' });

describe('code cache note', () => {
  it("a cache of another major or minor release than the runtime's: not taken, and how to make one", () => {
    expect(codeCacheNote('Nodejs18.15', node('v20.20.2'))).toMatch(
      /^code cache: {3}made by Node v20\.20\.2, which Nodejs18\.15 will not take: .*ALERTHOOK_CODE_CACHE_NODE to a Node 18\.15 binary/,
    );
    expect(codeCacheNote('Nodejs18.15', node('v18.20.4'))).toMatch(/will not take/);
    expect(codeCacheNote('native-node20/v1', node('v18.15.0'))).toMatch(/will not take: .* a Node 20 binary/);
  });

  it('the same release: taken (SCF names its minor; veFaaS only its major, so it stays unconfirmed)', () => {
    expect(codeCacheNote('Nodejs18.15', node('v18.15.0'))).toBe(
      "code cache:   made by Node v18.15.0 for Nodejs18.15 (taken if the runtime's patch release is the same)",
    );
    expect(codeCacheNote('native-node20/v1', node('v20.20.2'))).toMatch(
      /taken only if native-node20\/v1 runs that very release \(unconfirmed\)/,
    );
  });

  it('a package without a cache (left out because the runtime could not take it) says how to get one', () => {
    expect(codeCacheNote('Nodejs18.15', null)).toMatch(
      /^code cache: {3}none \(Nodejs18\.15 .*ALERTHOOK_CODE_CACHE_NODE to a Node 18\.15 binary/,
    );
  });

  it('deploy makes a cache only where the runtime can take it', () => {
    expect(codeCacheTaken('Nodejs18.15', 'v20.20.2')).toBe(false);
    expect(codeCacheTaken('Nodejs18.15', 'v18.15.0')).toBe(true);
    expect(codeCacheTaken('Nodejs18.15', 'v18.20.4')).toBe(false);
    expect(codeCacheTaken('native-node20/v1', 'v20.20.2')).toBe(true);
    expect(codeCacheTaken('node20/v1', 'v18.15.0')).toBe(false);
    expect(codeCacheTaken('custom-runtime', 'v20.20.2')).toBe(false);
  });

  it('deploy makes each cloud its cache with the node its runtime takes: the setting, else its own, else none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-cache-node-'));
    try {
      // A stand-in for a Node 18.15 binary: answers the version question as that release would.
      const node18 = join(dir, 'node18');
      writeFileSync(node18, `#!/bin/sh\n[ "$1" = "-p" ] && { echo v18.15.0; exit 0; }\nexec ${JSON.stringify(process.execPath)} "$@"\n`, {
        mode: 0o755,
      });
      const silent = join(dir, 'silent');
      writeFileSync(silent, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      const env = (node?: string) => ({ PATH: process.env.PATH ?? '', ...(node === undefined ? {} : { ALERTHOOK_CODE_CACHE_NODE: node }) });
      expect(codeCacheNodeFor('native-node20/v1', env())).toBe(process.execPath);
      expect(codeCacheNodeFor('Nodejs18.15', env())).toBeNull();
      expect(codeCacheNodeFor('Nodejs18.15', env(node18))).toBe(node18);
      expect(codeCacheNodeFor('native-node20/v1', env(node18))).toBe(process.execPath);
      expect(() => codeCacheNodeFor('Nodejs18.15', env('/nonexistent/node'))).toThrow(
        /^ALERTHOOK_CODE_CACHE_NODE=\/nonexistent\/node: cannot run it \(ENOENT\)$/,
      );
      expect(() => codeCacheNodeFor('Nodejs18.15', env(silent))).toThrow(/it ran, but did not answer `-p process.version` as a node does$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
