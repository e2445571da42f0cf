import { describe, expect, it } from 'vitest';
import { openServeStores, fallbackBanner } from '../../lib/cli/serve-stores.js';
import { testConfig } from '../helpers/receiver.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

describe("serve's sink and fallback", () => {
  it('without a fallback the banner says so and recommends one; a sink that cannot open stops serve', async () => {
    const config = testConfig({ ALERTHOOK_SINK: 'amqp://127.0.0.1:1/?exchange=alerts' });
    expect(fallbackBanner(config, null, null).join('\n')).toMatch(
      /no fallback store: .*lost once the vendor stops retrying[\s\S]*set ALERTHOOK_FALLBACK .* for production/,
    );
    await expect(openServeStores({ ...config, sinkUrl: 'amqp://127.0.0.1:1/?exchange=alerts' })).rejects.toThrow(/cannot open sink/);
  });

  it('with a fallback serve starts though the sink cannot open, says loudly why, and the banner names the store', async () => {
    const dir = tempDir();
    const config = {
      ...testConfig({ ALERTHOOK_FALLBACK: `file://${dir}`, ALERTHOOK_REDRIVE_INTERVAL_MS: '30000' }),
      sinkUrl: 'amqp://127.0.0.1:1/?exchange=alerts',
    };
    const { sink, fallback, sinkProblem } = await openServeStores(config);
    expect(fallback?.description).toBe(`file://${dir}`);
    expect(sinkProblem).toMatch(/127\.0\.0\.1:1/);
    await expect(sink.open()).rejects.toThrow(); // tried again on later callbacks
    const banner = fallbackBanner(config, fallback, sinkProblem).join('\n');
    expect(banner).toContain(`fallback store file://${dir}: callbacks the sink cannot take are kept there and redriven every 30 s`);
    expect(banner).toMatch(/ERROR: cannot open the sink \(.*\); callbacks go to the fallback store until it opens/);
    await sink.close();
  });
});
