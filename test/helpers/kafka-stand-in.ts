import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as lz4 from 'lz4js';
// @ts-expect-error snappyjs ships no types; used only to check what the client compressed.
import snappy from 'snappyjs';

/**
 * A Kafka broker stand-in for tests: no Kafka can run on these machines, so this speaks the real
 * wire protocol (kafka.apache.org/protocol) for what a producer needs, to the real kafkajs client:
 * ApiVersions v0–v2, SaslHandshake v0–v1 + SaslAuthenticate v0 (PLAIN), Metadata v0, Produce v3
 * with v2 record batches, whose CRC-32C it checks. Every produced record is kept for assertions.
 * It is one broker (node 0) leading every partition.
 */

export interface ProducedRecord {
  topic: string;
  partition: number;
  acks: number;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4';
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface KafkaStandInOptions {
  topics: Record<string, number>;
  /** Require SASL PLAIN with these credentials. */
  sasl?: { username: string; password: string };
  /** Answer Produce for this topic with this error code (e.g. 29 TOPIC_AUTHORIZATION_FAILED). */
  produceError?: { topic: string; code: number };
  /** Never answer Produce requests. */
  stallProduce?: boolean;
}

export interface KafkaStandIn {
  port: number;
  records: ProducedRecord[];
  /** API keys of every request received, in order. */
  requests: number[];
  authenticatedAs: string[];
  close(): Promise<void>;
}

const API = { Produce: 0, Metadata: 3, SaslHandshake: 17, ApiVersions: 18, SaslAuthenticate: 36 } as const;
const SUPPORTED: [number, number, number][] = [
  [API.Produce, 3, 3],
  [API.Metadata, 0, 0],
  [API.SaslHandshake, 0, 1],
  [API.ApiVersions, 0, 2],
  [API.SaslAuthenticate, 0, 0],
];

export async function startKafkaStandIn(options: KafkaStandInOptions): Promise<KafkaStandIn> {
  const records: ProducedRecord[] = [];
  const requests: number[] = [];
  const authenticatedAs: string[] = [];
  const sockets = new Set<Socket>();
  let port = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    let authenticated = options.sasl === undefined;
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        const r = new Reader(frame);
        const apiKey = r.int16();
        const version = r.int16();
        const correlationId = r.int32();
        r.string(); // client id
        requests.push(apiKey);
        const reply = (body: Buffer) => {
          const header = Buffer.alloc(8);
          header.writeInt32BE(body.length + 4, 0);
          header.writeInt32BE(correlationId, 4);
          socket.write(Buffer.concat([header, body]));
        };
        if (!authenticated && apiKey !== API.ApiVersions && apiKey !== API.SaslHandshake && apiKey !== API.SaslAuthenticate) {
          socket.destroy(); // a real broker drops unauthenticated clients
          return;
        }
        switch (apiKey) {
          case API.ApiVersions: {
            const w = new Writer().int16(0).int32(SUPPORTED.length);
            for (const [key, min, max] of SUPPORTED) w.int16(key).int16(min).int16(max);
            if (version >= 1) w.int32(0);
            reply(w.done());
            break;
          }
          case API.SaslHandshake: {
            const mechanism = r.string();
            reply(new Writer().int16(mechanism === 'PLAIN' ? 0 : 33).int32(1).string('PLAIN').done());
            break;
          }
          case API.SaslAuthenticate: {
            const [, username, password] = (r.bytes() ?? Buffer.alloc(0)).toString('utf8').split('\0');
            const ok = options.sasl !== undefined && username === options.sasl.username && password === options.sasl.password;
            if (ok) {
              authenticated = true;
              authenticatedAs.push(username as string);
            }
            reply(new Writer().int16(ok ? 0 : 58).nullableString(ok ? null : 'Authentication failed').bytes(Buffer.alloc(0)).done());
            break;
          }
          case API.Metadata: {
            const wanted = r.array(() => r.string() as string);
            const names = wanted.length === 0 ? Object.keys(options.topics) : wanted;
            const w = new Writer().int32(1).int32(0).string('127.0.0.1').int32(port).int32(names.length);
            for (const name of names) {
              const partitions = options.topics[name];
              w.int16(partitions === undefined ? 3 : 0).string(name).int32(partitions ?? 0);
              for (let p = 0; p < (partitions ?? 0); p++) w.int16(0).int32(p).int32(0).int32(1).int32(0).int32(1).int32(0);
            }
            reply(w.done());
            break;
          }
          case API.Produce: {
            r.string(); // transactional id
            const acks = r.int16();
            r.int32(); // timeout
            const results: { topic: string; partitions: [number, number][] }[] = [];
            const topicCount = r.int32();
            for (let t = 0; t < topicCount; t++) {
              const topic = r.string() as string;
              const partitions: [number, number][] = [];
              const partitionCount = r.int32();
              for (let p = 0; p < partitionCount; p++) {
                const partition = r.int32();
                const batch = r.bytes();
                let code = options.produceError?.topic === topic ? options.produceError.code : options.topics[topic] === undefined ? 3 : 0;
                if (code === 0 && batch !== null) {
                  try {
                    for (const record of decodeRecordBatch(batch)) records.push({ topic, partition, acks, ...record });
                  } catch {
                    code = 2; // CORRUPT_MESSAGE
                  }
                }
                partitions.push([partition, code]);
              }
              results.push({ topic, partitions });
            }
            if (options.stallProduce) break;
            const w = new Writer().int32(results.length);
            for (const { topic, partitions } of results) {
              w.string(topic).int32(partitions.length);
              for (const [partition, code] of partitions) w.int32(partition).int16(code).int64(0n).int64(-1n);
            }
            reply(w.int32(0).done());
            break;
          }
          default:
            socket.destroy();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    records,
    requests,
    authenticatedAs,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4'] as const;

/** A v2 record batch (magic 2): checks the CRC-32C, undoes compression, reads each record. */
export function decodeRecordBatch(batch: Buffer): Omit<ProducedRecord, 'topic' | 'partition' | 'acks'>[] {
  const out: Omit<ProducedRecord, 'topic' | 'partition' | 'acks'>[] = [];
  let offset = 0;
  while (offset < batch.length) {
    const batchLength = batch.readInt32BE(offset + 8);
    const end = offset + 12 + batchLength;
    if (batch.readInt8(offset + 16) !== 2) throw new Error('not a v2 record batch');
    if (batch.readUInt32BE(offset + 17) !== crc32c(batch.subarray(offset + 21, end))) throw new Error('record batch CRC-32C mismatch');
    const attributes = batch.readInt16BE(offset + 21);
    const compression = CODECS[attributes & 0x7];
    if (compression === undefined) throw new Error(`unsupported compression ${attributes & 0x7}`);
    const count = batch.readInt32BE(offset + 57);
    let payload = batch.subarray(offset + 61, end);
    if (compression === 'gzip') payload = gunzipSync(payload);
    if (compression === 'snappy') payload = Buffer.from(snappy.uncompress(payload));
    if (compression === 'lz4') {
      if (payload.readUInt32LE(0) !== 0x184d2204) throw new Error('not an LZ4 frame');
      payload = Buffer.from(lz4.decompress(payload));
    }
    const r = new Reader(payload);
    for (let i = 0; i < count; i++) {
      r.varint(); // record length
      r.int8(); // attributes
      r.varint(); // timestamp delta
      r.varint(); // offset delta
      const key = r.varBytes();
      const value = r.varBytes();
      const headers: Record<string, string> = {};
      const headerCount = r.varint();
      for (let h = 0; h < headerCount; h++) headers[(r.varBytes() as Buffer).toString()] = (r.varBytes() ?? Buffer.alloc(0)).toString();
      out.push({ compression, key, value, headers });
    }
    offset = end;
  }
  return out;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

class Reader {
  offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int8() {
    return this.buffer.readInt8((this.offset += 1) - 1);
  }
  int16() {
    return this.buffer.readInt16BE((this.offset += 2) - 2);
  }
  int32() {
    return this.buffer.readInt32BE((this.offset += 4) - 4);
  }
  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    return this.buffer.toString('utf8', this.offset, (this.offset += length));
  }
  bytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    return this.buffer.subarray(this.offset, (this.offset += length));
  }
  array<T>(item: () => T): T[] {
    const count = this.int32();
    return Array.from({ length: Math.max(count, 0) }, item);
  }
  /** Zig-zag LEB128, as records use. */
  varint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer[this.offset++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  varBytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    return this.buffer.subarray(this.offset, (this.offset += length));
  }
}

class Writer {
  private parts: Buffer[] = [];
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  int64(v: bigint) {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  string(v: string) {
    const s = Buffer.from(v);
    return this.int16(s.length).raw(s);
  }
  nullableString(v: string | null) {
    return v === null ? this.int16(-1) : this.string(v);
  }
  bytes(v: Buffer) {
    return this.int32(v.length).raw(v);
  }
  raw(v: Buffer) {
    this.parts.push(v);
    return this;
  }
  done() {
    return Buffer.concat(this.parts);
  }
}
