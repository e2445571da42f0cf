import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyVolcengineSignature } from './volcengine-signature.js';

/**
 * Volcengine RocketMQ's HTTP access point as the `@volcengine/openapi` producer uses it:
 * POST /v1/clients (open, returns a client token), POST /v1/messages (send), POST /v1/heartbeats,
 * DELETE /v1/clients/:token (close). Every request's signature is checked; what arrives is kept.
 */
export interface RocketMqStandIn {
  endpoint: string;
  messages: {
    topic: string;
    tag?: string;
    keys?: string[];
    shardingKey?: string;
    properties: Record<string, string>;
    body: string;
    clientToken: string;
  }[];
  calls: string[];
  badSignatures: number;
  close(): Promise<void>;
}

export async function startRocketMqStandIn(options: {
  accessKey: string;
  secretKey: string;
  instanceId: string;
  failSendWith?: { status: number; code: string };
  stallSend?: boolean;
}): Promise<RocketMqStandIn> {
  const state: RocketMqStandIn = { endpoint: '', messages: [], calls: [], badSignatures: 0, close: async () => {} };
  const tokens = new Set<string>();
  const groupOffsets = new Map<string, number>();
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    state.calls.push(`${req.method} ${url.pathname.replace(/\/v1\/clients\/.+/, '/v1/clients/:token')}`);
    const answer = (status: number, payload: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const signature = verifyVolcengineSignature(
      { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers: req.headers, body },
      options.secretKey,
    );
    if (!signature.valid || signature.accessKey !== options.accessKey || signature.service !== 'rocketmq') {
      state.badSignatures++;
      return answer(401, { code: 'AuthenticationFailed', msg: 'signature does not match' });
    }
    const data = body.length > 0 ? JSON.parse(body.toString()) : {};
    if (req.method === 'POST' && url.pathname === '/v1/clients') {
      const token = `token-${tokens.size + 1}`;
      tokens.add(token);
      return answer(200, {
        requestId: data.requestId,
        code: '0',
        msg: 'success',
        result: { clientToken: token, nextHeartbeatDeadline: String(Date.now() + 60_000) },
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/heartbeats')
      return answer(200, { requestId: data.requestId, code: '0', msg: 'success', result: {} });
    if (req.method === 'DELETE' && url.pathname.startsWith('/v1/clients/'))
      return answer(200, { requestId: data.requestId, code: '0', msg: 'success', result: {} });
    if (req.method === 'POST' && url.pathname === '/v1/messages') {
      if (!tokens.has(data.clientToken)) return answer(400, { code: 'ClientNotFound', msg: 'unknown client token' });
      if (options.stallSend) return; // never answers
      if (options.failSendWith)
        return answer(options.failSendWith.status, { code: options.failSendWith.code, msg: 'rejected by stand-in' });
      const message = data.message;
      state.messages.push({ ...message, clientToken: data.clientToken });
      return answer(200, {
        requestId: data.requestId,
        code: '0',
        msg: 'success',
        result: {
          topic: message.topic,
          queueId: '0',
          queueOffset: String(state.messages.length - 1),
          msgId: `msg-${state.messages.length}`,
        },
      });
    }
    const consume = /^\/v1\/group\/([^/]+)\/messages$/.exec(url.pathname);
    if (req.method === 'POST' && consume) {
      // Each group reads every message once, from where it joined (RocketMQ's clustering mode, simplified).
      const group = decodeURIComponent(consume[1] as string);
      const from = groupOffsets.get(group) ?? state.messages.length;
      const batch = state.messages.slice(from, from + (data.maxMessageNumber ?? 10));
      groupOffsets.set(group, from + batch.length);
      if (batch.length === 0) await new Promise((r) => setTimeout(r, Math.min(data.maxWaitTimeMs ?? 100, 200)));
      return answer(200, {
        requestId: data.requestId,
        code: '0',
        msg: 'success',
        result: {
          messages: batch.map((m, i) => ({
            topic: m.topic,
            queueId: '0',
            queueOffset: String(from + i),
            msgId: `msg-${from + i + 1}`,
            keys: m.keys ?? [],
            tag: m.tag ?? '',
            properties: m.properties,
            body: m.body,
            msgHandle: `h-${from + i}`,
            reconsumeTimes: 0,
            bornTimeStamp: '0',
            bornHost: '',
            storeTimeStamp: '0',
            bodyCRC: '0',
          })),
        },
      });
    }
    if (req.method === 'DELETE' && /^\/v1\/group\/[^/]+\/msghandles$/.test(url.pathname))
      return answer(200, { requestId: data.requestId, code: '0', msg: 'success', result: {} });
    answer(404, { code: 'NotFound', msg: 'no such route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
