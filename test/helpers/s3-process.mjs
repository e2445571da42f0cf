// s3rver in a process of its own, so a test can SIGKILL it (an S3 outage) and start it again on the
// same port and data: `node s3-process.mjs PORT DIRECTORY BUCKET` prints `listening PORT` once up.
import S3rver from 's3rver';

const [port, directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  silent: true,
  directory,
  serviceEndpoint: 'example.test',
  configureBuckets: [{ name: bucket, configs: [] }],
});
const address = await server.run();
process.stdout.write(`listening ${address.port}\n`);
