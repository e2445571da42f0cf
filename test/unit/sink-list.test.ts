import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config.js';
import { fileSinkDirectory } from '../../lib/sinks/file/sink.js';
import { asSinkUrl, checkedSinkList } from '../../lib/sinks/registry.js';

// What a user types into ALERTHOOK_SINK by mistake, and what a sink list may rightly hold.
describe('a sink list as a variable holds it', () => {
  it.each([
    [
      'one slash: /data at the root',
      'file:/./data',
      /^ALERTHOOK_SINK: "file:\/\.\/data" is not a sink URL: expected SCHEME:\/\/…, e\.g\. file:\/\/\.\/data \(relative\) or file:\/\/\/abs\/path$/,
    ],
    ['no slashes', 'file:data', /^ALERTHOOK_SINK: "file:data" is not a sink URL/],
    [
      'a trailing comma',
      'file://./data,',
      /^ALERTHOOK_SINK has an empty entry \(a trailing comma\) in "file:\/\/\.\/data,": .*file:\/\/\.\/data/,
    ],
    ['a trailing comma and a space', 'file://./data, ', /empty entry \(a trailing comma\)/],
    ['a leading comma', ',file://./data', /empty entry \(a leading comma\)/],
    ['two commas in a row', 'file://./a,,s3://b/p?endpoint=e', /empty entry \(two commas in a row\)/],
    ['an empty entry between spaces', 'file://./a, ,s3://b/p?endpoint=e', /empty entry \(two commas in a row\)/],
    ['an unknown scheme', 'file://./a,ftp://x/y', /^ALERTHOOK_SINK: unsupported sink scheme "ftp": supported schemes are .*file:\/\//],
  ])('refuses %s with a ConfigError naming the variable', (_, text, message) => {
    expect(() => checkedSinkList(text, 'ALERTHOOK_SINK')).toThrow(ConfigError);
    expect(() => checkedSinkList(text, 'ALERTHOOK_SINK')).toThrow(message);
  });

  it('keeps a password out of the message', () => {
    expect(() => checkedSinkList('amqps://alerthook:hunter2@mq/v?exchange=x,', 'ALERTHOOK_SINK')).toThrow(/alerthook:\*\*\*@mq/);
    expect(() => checkedSinkList('amqps://alerthook:hunter2@mq/v?exchange=x,', 'ALERTHOOK_SINK')).not.toThrow(/hunter2/);
  });

  it('takes every well-formed list, Kafka broker lists included', () => {
    expect(checkedSinkList(' file://./data , kafka://b1:9092,b2:9092/alerts,file:///var/x', 'ALERTHOOK_SINK')).toEqual([
      'file://./data',
      'kafka://b1:9092,b2:9092/alerts',
      'file:///var/x',
    ]);
  });
});

describe('file:// URLs', () => {
  it.each(['file:/./data', 'file:data', 'file://', 'file://./data,', 'file://./da,ta', 'file://./100%'])(
    'refuses %s, saying what is expected',
    (url) => {
      expect(() => fileSinkDirectory(url)).toThrow(/expected file:\/\/DIR, e\.g\. file:\/\/\.\/data \(relative\) or file:\/\/\/abs\/path/);
    },
  );

  it('a plain directory is file://DIR, a comma or % in its name escaped, and reads back as that directory', () => {
    expect(asSinkUrl('./a,b%c')).toBe('file://./a%2Cb%25c');
    expect(fileSinkDirectory(asSinkUrl('./a,b%c'))).toBe(`${process.cwd()}/a,b%c`);
    expect(fileSinkDirectory('file://./a%2Cb')).toBe(`${process.cwd()}/a,b`);
  });
});
