import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_EVENTS_PATH, API_INVOKE_PREFIX, API_UPLOADS_PATH } from '../../../shared/client/http-paths.js';
import type { ErrorCode } from '../../../shared/contract/errors.js';
import { TriadError } from '../../../shared/contract/errors.js';
import { isMethodName } from '../../../shared/contract/methods.js';
import type { Reply } from '../../../shared/contract/wire.js';
import type { Backend } from '../backend.js';
import { rejectUntrustedRequest } from './http-guard.js';
import { SECURITY_HEADERS, serveStatic } from './static-files.js';
import { receiveUpload, removeStaleUploads } from './uploads.js';

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  unknown_method: 404,
  invalid_input: 400,
  not_found: 404,
  not_a_project: 422,
  newer_schema: 422,
  already_exists: 409,
  unavailable: 503,
  cancelled: 409,
};

export interface WebServerOptions {
  backend: Backend;
  staticDir: string;
  /** Where uploaded files wait to be imported. */
  uploadsDir: string;
  host: string;
  port: number;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function sendReply(
  response: ServerResponse,
  reply: Reply,
  status = reply.ok ? 200 : (STATUS_BY_CODE[reply.error.code] ?? 500),
): void {
  const body = JSON.stringify(reply);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(`the request body is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MB limit`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function handleInvoke(backend: Backend, method: string, request: IncomingMessage, response: ServerResponse) {
  if (!isMethodName(method)) {
    request.resume();
    sendReply(response, await backend.invoke(method, {}));
    return;
  }
  let input: unknown;
  try {
    const text = await readBody(request);
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const message = tooLarge
      ? `${method}: ${error.message}`
      : `${method}: the request body is not valid JSON (${(error as Error).message})`;
    sendReply(response, { ok: false, error: { code: 'invalid_input', message } }, tooLarge ? 413 : 400);
    return;
  }
  sendReply(response, await backend.invoke(method, input));
}

function handleEvents(backend: Backend, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = backend.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

/** Web mode: the contract over HTTP (calls) and Server-Sent Events (pushes), plus the built renderer. */
export async function startWebServer({
  backend,
  staticDir,
  uploadsDir,
  host,
  port,
}: WebServerOptions): Promise<WebServer> {
  removeStaleUploads(uploadsDir);
  let boundPort = port;
  const server = createServer((request, response) => {
    const refusal = rejectUntrustedRequest(request, host, boundPort);
    if (refusal) {
      sendReply(response, { ok: false, error: { code: 'unavailable', message: refusal } }, 403);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith(API_INVOKE_PREFIX)) {
      if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'POST', ...SECURITY_HEADERS }).end();
        return;
      }
      void handleInvoke(backend, decodeURIComponent(path.slice(API_INVOKE_PREFIX.length)), request, response);
      return;
    }
    if (path === API_EVENTS_PATH && request.method === 'GET') return handleEvents(backend, request, response);
    if (path === API_UPLOADS_PATH && request.method === 'POST') {
      const name = new URL(request.url ?? '/', 'http://localhost').searchParams.get('name') ?? '';
      void receiveUpload(request, uploadsDir, name).then(
        (saved) => sendReply(response, { ok: true, result: { path: saved } }),
        (error: unknown) =>
          sendReply(response, {
            ok: false,
            error: error instanceof TriadError ? error.toBody() : { code: 'internal', message: String(error) },
          }),
      );
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    serveStatic(staticDir, path, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use: choose another with --port`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
