import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on loopback receiving CloudEvents as the CloudEvents HTTP protocol binding
 * (v1.0.2, §3.2 structured and §3.3 batched content mode) defines them, and strict about it: a
 * request in neither mode, or an event without the required attributes (id, source, specversion
 * 1.0, type), is answered 400 and noted as a complaint. Requests to `/dead-letters` are kept apart.
 * `answer` overrides the reply, for tests of how the sender takes failures.
 */
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CloudEventsReceiver {
  url: string;
  requests: ReceivedRequest[];
  events: { id: string; [attribute: string]: unknown }[];
  deadLetters: ReceivedRequest[];
  complaints: string[];
  answer: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Ends every open connection, stalled ones included. */
  dropConnections(): void;
  close(): Promise<void>;
}

const STRUCTURED = /^application\/cloudevents\+json(;|$)/;
const BATCH = /^application\/cloudevents-batch\+json(;|$)/;

function missingAttributes(event: unknown): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return ['(not an object)'];
  const record = event as Record<string, unknown>;
  const missing = ['id', 'source', 'type'].filter((name) => typeof record[name] !== 'string' || record[name] === '');
  if (record.specversion !== '1.0') missing.push('specversion 1.0');
  return missing;
}

export async function startCloudEventsReceiver(): Promise<CloudEventsReceiver> {
  const receiver: CloudEventsReceiver = {
    url: '',
    requests: [],
    events: [],
    deadLetters: [],
    complaints: [],
    answer: null,
    dropConnections: () => {},
    close: async () => {},
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    if (receiver.answer !== null) {
      receiver.requests.push(request);
      receiver.answer(req, res);
      return;
    }
    if (request.path.startsWith('/dead-letters')) {
      receiver.deadLetters.push(request);
      res.writeHead(204).end();
      return;
    }
    const refuse = (why: string) => {
      receiver.complaints.push(`${req.method} ${request.path}: ${why}`);
      res.writeHead(400).end(why);
    };
    if (req.method !== 'POST') return refuse('not a POST');
    const type = req.headers['content-type'] ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return refuse('body is not JSON');
    }
    const events = STRUCTURED.test(type) ? [parsed] : BATCH.test(type) && Array.isArray(parsed) ? parsed : null;
    if (events === null) return refuse(`content-type ${type} is neither a structured nor a batched CloudEvent`);
    for (const event of events) {
      const missing = missingAttributes(event);
      if (missing.length > 0) return refuse(`an event without ${missing.join(', ')}`);
    }
    receiver.requests.push(request);
    receiver.events.push(...(events as CloudEventsReceiver['events']));
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.dropConnections = () => server.closeAllConnections();
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
