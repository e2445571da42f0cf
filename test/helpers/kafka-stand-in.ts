import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as lz4 from 'lz4js';
// @ts-expect-error snappyjs ships no types; used only to check what the client compressed.
import snappy from 'snappyjs';

/**
 * A Kafka broker stand-in for tests. No Kafka can run on these machines, so this speaks the real
 * wire protocol to the real kafkajs client, written from Kafka's own message definitions
 * (kafka.apache.org/protocol; apache/kafka clients/src/main/resources/common/message/*.json), not
 * from the client's encoders:
 *
 * - producer: ApiVersions v0–2, SaslHandshake v0–1 + SaslAuthenticate v0 (PLAIN), Metadata v0,
 *   Produce v3 with v2 record batches, whose CRC-32C it checks;
 * - consumer: FindCoordinator v0, JoinGroup v0, SyncGroup v0, Heartbeat v0, LeaveGroup v0,
 *   OffsetFetch v1, OffsetCommit v2, ListOffsets v1, Fetch v4.
 *
 * It is one broker (node 0) leading every partition, with a real log per partition: produced batches
 * get consecutive offsets and are served back by Fetch from any offset. A request for an API or a
 * version it does not offer closes the connection, as a broker that cannot parse a request does.
 * Groups are simplified to one member each (a second member joining starts a new generation
 * without a rebalance barrier).
 */

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: number;
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
  /** Offsets committed per group, `topic/partition` → next offset to read. */
  committed: Map<string, Map<string, bigint>>;
  close(): Promise<void>;
}

const API = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  SaslHandshake: 17,
  ApiVersions: 18,
  SaslAuthenticate: 36,
} as const;

/** [api key, min version, max version] offered in ApiVersions, and enforced. */
const SUPPORTED: readonly [number, number, number][] = [
  [API.Produce, 3, 3],
  [API.Fetch, 4, 4],
  [API.ListOffsets, 1, 1],
  [API.Metadata, 0, 0],
  [API.OffsetCommit, 2, 2],
  [API.OffsetFetch, 1, 1],
  [API.FindCoordinator, 0, 0],
  [API.JoinGroup, 0, 0],
  [API.Heartbeat, 0, 0],
  [API.LeaveGroup, 0, 0],
  [API.SyncGroup, 0, 0],
  [API.SaslHandshake, 0, 1],
  [API.ApiVersions, 0, 2],
  [API.SaslAuthenticate, 0, 0],
];

const ERROR = {
  NONE: 0,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  ILLEGAL_GENERATION: 22,
  UNKNOWN_MEMBER_ID: 25,
  UNSUPPORTED_SASL_MECHANISM: 33,
  SASL_AUTHENTICATION_FAILED: 58,
} as const;

interface Batch {
  baseOffset: bigint;
  count: number;
  bytes: Buffer;
}

interface Group {
  generation: number;
  members: Map<string, Buffer>;
  protocol: string;
  assignments: Map<string, Buffer>;
}

export async function startKafkaStandIn(options: KafkaStandInOptions): Promise<KafkaStandIn> {
  const records: ProducedRecord[] = [];
  const requests: number[] = [];
  const authenticatedAs: string[] = [];
  const logs = new Map<string, Batch[]>();
  const groups = new Map<string, Group>();
  const committed = new Map<string, Map<string, bigint>>();
  const sockets = new Set<Socket>();
  let port = 0;
  let nextMember = 1;

  const partitionExists = (topic: string, partition: number) => {
    const count = options.topics[topic];
    return count !== undefined && partition >= 0 && partition < count;
  };
  const log = (topic: string, partition: number) => {
    const key = `${topic}/${partition}`;
    const batches = logs.get(key) ?? [];
    logs.set(key, batches);
    return batches;
  };
  const highWatermark = (batches: Batch[]) => {
    const last = batches.at(-1);
    return last === undefined ? 0n : last.baseOffset + BigInt(last.count);
  };

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
        const offered = SUPPORTED.find(([key]) => key === apiKey);
        if (offered === undefined || version < offered[1] || version > offered[2]) {
          socket.destroy(); // not a request this broker can parse
          return;
        }
        if (!authenticated && apiKey !== API.ApiVersions && apiKey !== API.SaslHandshake && apiKey !== API.SaslAuthenticate) {
          socket.destroy(); // a real broker drops unauthenticated clients
          return;
        }
        switch (apiKey) {
          case API.ApiVersions: {
            const w = new Writer().int16(ERROR.NONE).int32(SUPPORTED.length);
            for (const [key, min, max] of SUPPORTED) w.int16(key).int16(min).int16(max);
            if (version >= 1) w.int32(0);
            reply(w.done());
            break;
          }
          case API.SaslHandshake: {
            const mechanism = r.string();
            reply(
              new Writer()
                .int16(mechanism === 'PLAIN' ? ERROR.NONE : ERROR.UNSUPPORTED_SASL_MECHANISM)
                .int32(1)
                .string('PLAIN')
                .done(),
            );
            break;
          }
          case API.SaslAuthenticate: {
            const [, username, password] = (r.bytes() ?? Buffer.alloc(0)).toString('utf8').split('\0');
            const ok = options.sasl !== undefined && username === options.sasl.username && password === options.sasl.password;
            if (ok) {
              authenticated = true;
              authenticatedAs.push(username as string);
            }
            reply(
              new Writer()
                .int16(ok ? ERROR.NONE : ERROR.SASL_AUTHENTICATION_FAILED)
                .nullableString(ok ? null : 'Authentication failed')
                .bytes(Buffer.alloc(0))
                .done(),
            );
            break;
          }
          case API.Metadata: {
            const wanted = r.array(() => r.string() as string);
            const names = wanted.length === 0 ? Object.keys(options.topics) : wanted;
            const w = new Writer().int32(1).int32(0).string('127.0.0.1').int32(port).int32(names.length);
            for (const name of names) {
              const partitions = options.topics[name];
              w.int16(partitions === undefined ? ERROR.UNKNOWN_TOPIC_OR_PARTITION : ERROR.NONE)
                .string(name)
                .int32(partitions ?? 0);
              for (let p = 0; p < (partitions ?? 0); p++) w.int16(ERROR.NONE).int32(p).int32(0).int32(1).int32(0).int32(1).int32(0);
            }
            reply(w.done());
            break;
          }
          case API.Produce: {
            r.string(); // transactional id
            const acks = r.int16();
            r.int32(); // timeout
            const results: { topic: string; partitions: [number, number, bigint][] }[] = [];
            const topicCount = r.int32();
            for (let t = 0; t < topicCount; t++) {
              const topic = r.string() as string;
              const partitions: [number, number, bigint][] = [];
              const partitionCount = r.int32();
              for (let p = 0; p < partitionCount; p++) {
                const partition = r.int32();
                const batch = r.bytes();
                let code: number =
                  options.produceError?.topic === topic
                    ? options.produceError.code
                    : partitionExists(topic, partition)
                      ? ERROR.NONE
                      : ERROR.UNKNOWN_TOPIC_OR_PARTITION;
                let baseOffset = -1n;
                if (code === ERROR.NONE && batch !== null) {
                  try {
                    const decoded = decodeRecordBatch(batch);
                    const batches = log(topic, partition);
                    baseOffset = highWatermark(batches);
                    const stored = Buffer.from(batch);
                    stored.writeBigInt64BE(baseOffset, 0); // the broker assigns offsets; the CRC does not cover them
                    batches.push({ baseOffset, count: decoded.length, bytes: stored });
                    for (const [i, record] of decoded.entries())
                      records.push({ topic, partition, offset: Number(baseOffset) + i, acks, ...record });
                  } catch {
                    code = ERROR.CORRUPT_MESSAGE;
                  }
                }
                partitions.push([partition, code, baseOffset]);
              }
              results.push({ topic, partitions });
            }
            if (options.stallProduce) break;
            const w = new Writer().int32(results.length);
            for (const { topic, partitions } of results) {
              w.string(topic).int32(partitions.length);
              for (const [partition, code, base] of partitions) w.int32(partition).int16(code).int64(base).int64(-1n);
            }
            reply(w.int32(0).done());
            break;
          }
          case API.FindCoordinator: {
            r.string(); // group id
            reply(new Writer().int16(ERROR.NONE).int32(0).string('127.0.0.1').int32(port).done());
            break;
          }
          case API.JoinGroup: {
            const groupId = r.string() as string;
            r.int32(); // session timeout
            const requested = r.string() as string;
            r.string(); // protocol type
            const protocols = r.array(() => [r.string() as string, r.bytes() ?? Buffer.alloc(0)] as const);
            const memberId = requested === '' ? `member-${nextMember++}` : requested;
            const group = groups.get(groupId) ?? { generation: 0, members: new Map(), protocol: '', assignments: new Map() };
            groups.set(groupId, group);
            const [protocol, metadata] = protocols[0] ?? ['', Buffer.alloc(0)];
            group.generation++;
            group.protocol = protocol;
            group.members.set(memberId, metadata);
            group.assignments.clear();
            const leader = [...group.members.keys()][0] as string;
            const w = new Writer().int16(ERROR.NONE).int32(group.generation).string(protocol).string(leader).string(memberId);
            const members = leader === memberId ? [...group.members] : [];
            w.int32(members.length);
            for (const [id, meta] of members) w.string(id).bytes(meta);
            reply(w.done());
            break;
          }
          case API.SyncGroup: {
            const groupId = r.string() as string;
            const generation = r.int32();
            const memberId = r.string() as string;
            const assignments = r.array(() => [r.string() as string, r.bytes() ?? Buffer.alloc(0)] as const);
            const group = groups.get(groupId);
            if (group === undefined || !group.members.has(memberId)) {
              reply(new Writer().int16(ERROR.UNKNOWN_MEMBER_ID).bytes(Buffer.alloc(0)).done());
              break;
            }
            if (generation !== group.generation) {
              reply(new Writer().int16(ERROR.ILLEGAL_GENERATION).bytes(Buffer.alloc(0)).done());
              break;
            }
            for (const [id, assignment] of assignments) group.assignments.set(id, assignment);
            reply(
              new Writer()
                .int16(ERROR.NONE)
                .bytes(group.assignments.get(memberId) ?? Buffer.alloc(0))
                .done(),
            );
            break;
          }
          case API.Heartbeat: {
            const group = groups.get(r.string() as string);
            const generation = r.int32();
            const memberId = r.string() as string;
            const code =
              group === undefined || !group.members.has(memberId)
                ? ERROR.UNKNOWN_MEMBER_ID
                : generation !== group.generation
                  ? ERROR.ILLEGAL_GENERATION
                  : ERROR.NONE;
            reply(new Writer().int16(code).done());
            break;
          }
          case API.LeaveGroup: {
            const group = groups.get(r.string() as string);
            const memberId = r.string() as string;
            const known = group?.members.delete(memberId) ?? false;
            reply(new Writer().int16(known ? ERROR.NONE : ERROR.UNKNOWN_MEMBER_ID).done());
            break;
          }
          case API.OffsetFetch: {
            const offsets = committed.get(r.string() as string);
            const topics = r.array(() => [r.string() as string, r.array(() => r.int32())] as const);
            const w = new Writer().int32(topics.length);
            for (const [topic, partitions] of topics) {
              w.string(topic).int32(partitions.length);
              for (const partition of partitions)
                w.int32(partition)
                  .int64(offsets?.get(`${topic}/${partition}`) ?? -1n)
                  .nullableString('')
                  .int16(ERROR.NONE);
            }
            reply(w.done());
            break;
          }
          case API.OffsetCommit: {
            const groupId = r.string() as string;
            r.int32(); // generation
            r.string(); // member id
            r.int64(); // retention time
            const topics = r.array(() => [r.string() as string, r.array(() => [r.int32(), r.int64(), r.string()] as const)] as const);
            const offsets = committed.get(groupId) ?? new Map<string, bigint>();
            committed.set(groupId, offsets);
            const w = new Writer().int32(topics.length);
            for (const [topic, partitions] of topics) {
              w.string(topic).int32(partitions.length);
              for (const [partition, offset] of partitions) {
                const exists = partitionExists(topic, partition);
                if (exists) offsets.set(`${topic}/${partition}`, offset);
                w.int32(partition).int16(exists ? ERROR.NONE : ERROR.UNKNOWN_TOPIC_OR_PARTITION);
              }
            }
            reply(w.done());
            break;
          }
          case API.ListOffsets: {
            r.int32(); // replica id
            const topics = r.array(() => [r.string() as string, r.array(() => [r.int32(), r.int64()] as const)] as const);
            const w = new Writer().int32(topics.length);
            for (const [topic, partitions] of topics) {
              w.string(topic).int32(partitions.length);
              for (const [partition, timestamp] of partitions) {
                if (!partitionExists(topic, partition)) {
                  w.int32(partition).int16(ERROR.UNKNOWN_TOPIC_OR_PARTITION).int64(-1n).int64(-1n);
                  continue;
                }
                // -2 earliest, -1 latest; a timestamp query is answered with the end too (no record times are kept).
                const offset = timestamp === -2n ? 0n : highWatermark(log(topic, partition));
                w.int32(partition).int16(ERROR.NONE).int64(-1n).int64(offset);
              }
            }
            reply(w.done());
            break;
          }
          case API.Fetch: {
            r.int32(); // replica id
            const maxWait = r.int32();
            r.int32(); // min bytes
            r.int32(); // max bytes
            r.int8(); // isolation level
            const topics = r.array(() => [r.string() as string, r.array(() => [r.int32(), r.int64(), r.int32()] as const)] as const);
            const answer = () => {
              const w = new Writer().int32(0).int32(topics.length);
              let any = false;
              for (const [topic, partitions] of topics) {
                w.string(topic).int32(partitions.length);
                for (const [partition, fetchOffset] of partitions) {
                  if (!partitionExists(topic, partition)) {
                    w.int32(partition).int16(ERROR.UNKNOWN_TOPIC_OR_PARTITION).int64(-1n).int64(-1n).int32(-1).bytes(Buffer.alloc(0));
                    continue;
                  }
                  const batches = log(topic, partition);
                  // Whole batches that hold fetchOffset or later; the client skips records before it.
                  const data = Buffer.concat(batches.filter((b) => b.baseOffset + BigInt(b.count) > fetchOffset).map((b) => b.bytes));
                  any ||= data.length > 0;
                  const hw = highWatermark(batches);
                  w.int32(partition).int16(ERROR.NONE).int64(hw).int64(hw).int32(-1).bytes(data);
                }
              }
              return { body: w.done(), any };
            };
            const first = answer();
            // Long poll as a broker does: wait up to maxWait for data, briefly.
            if (first.any || maxWait <= 0) reply(first.body);
            else setTimeout(() => socket.destroyed || reply(answer().body), Math.min(maxWait, 100));
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
    committed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4'] as const;

/** A v2 record batch (magic 2): checks the CRC-32C, undoes compression, reads each record. */
export function decodeRecordBatch(batch: Buffer): Omit<ProducedRecord, 'topic' | 'partition' | 'offset' | 'acks'>[] {
  const out: Omit<ProducedRecord, 'topic' | 'partition' | 'offset' | 'acks'>[] = [];
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
  /** Moves past `length` bytes and says where they began. */
  private take(length: number): number {
    const at = this.offset;
    this.offset += length;
    return at;
  }
  int8() {
    return this.buffer.readInt8(this.take(1));
  }
  int16() {
    return this.buffer.readInt16BE(this.take(2));
  }
  int32() {
    return this.buffer.readInt32BE(this.take(4));
  }
  int64() {
    return this.buffer.readBigInt64BE(this.take(8));
  }
  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.toString('utf8', at, at + length);
  }
  bytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
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
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
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
