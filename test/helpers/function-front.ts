import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionHandler } from '../../lib/runtime/function-handler.js';

/**
 * A loopback HTTP front for an event function, standing in for the platform's HTTP trigger: each
 * request becomes the event the platform documents (../shared/VENDOR-NOTES.md), and the handler's
 * `{statusCode, headers, body}` becomes the answer. So a real HTTP sender (Alertmanager) can call a
 * function handler as it would call the deployed function.
 */
export type TriggerShape = 'scf-function-url' | 'vefaas-api-gateway';

function toEvent(shape: TriggerShape, req: IncomingMessage, body: string): unknown {
  const url = new URL(req.url ?? '/', 'http://front');
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : (value ?? '')]),
  );
  const query = Object.fromEntries(url.searchParams);
  // SCF Function URL: {body, headers, httpMethod, path, queryString}, header names lower case (583/96099).
  if (shape === 'scf-function-url') return { httpMethod: req.method, path: url.pathname, queryString: query, headers, body };
  // veFaaS API gateway trigger: {httpMethod, path, pathParameters, queryStringParameters, headers, body} (6662/127868).
  return { httpMethod: req.method, path: url.pathname, pathParameters: {}, queryStringParameters: query, headers, body };
}

export async function startFunctionFront(shape: TriggerShape, handler: FunctionHandler): Promise<{ url: string; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = (await handler(toEvent(shape, req, Buffer.concat(chunks).toString('utf8')), { request_id: `front-${++requests}` })) as {
      statusCode: number;
      headers?: Record<string, string>;
      body: string;
    };
    res.writeHead(answer.statusCode, answer.headers ?? {}).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
