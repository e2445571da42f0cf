import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * The S3-compatible server (s3rver) for the sink-overhead figure, in a process of its own as a real
 * object store would be, so that its work and its garbage do not land in the measured process.
 * Bucket `alerts`; prints its endpoint on stdout; serves until stdin closes.
 */
const directory = mkdtempSync(join(tmpdir(), 'alerthook-bench-s3-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'alerts', configs: [] }] });
const { port } = (await server.run()) as { port: number };
process.stdout.write(`http://127.0.0.1:${port}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
