/**
 * Which real RabbitMQ broker the tests use. `.ci/run` starts one and sets
 * ALERTHOOK_TEST_AMQP_URL; a configured broker that cannot be reached fails the tests. With none
 * configured, on CI that is an error, and elsewhere the broker tests are skipped, saying so loudly.
 */
export function amqpTestUrl(): string | undefined {
  const url = process.env.ALERTHOOK_TEST_AMQP_URL;
  if (url !== undefined && url !== '') return url;
  if (process.env.CI) throw new Error('ALERTHOOK_TEST_AMQP_URL is not set on CI: .ci/run must start RabbitMQ and set it');
  process.stderr.write(
    '\n*** SKIPPED: the RabbitMQ sink tests need a broker. Start one (apt-get install rabbitmq-server) and set ' +
      'ALERTHOOK_TEST_AMQP_URL=amqp://guest:guest@127.0.0.1:5672 ***\n\n',
  );
  return undefined;
}
