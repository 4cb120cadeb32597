import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseRequestTarget, type RequestTarget } from '../../../shared/http/request-target.js';

/** Each listener keeps its own error body (`{"error": …}`, or the contract's reply envelope). */
type ErrorBodyFormat = (message: string, status: number) => unknown;

interface SafeListenerOptions {
  errorBody: ErrorBodyFormat;
  handle(request: IncomingMessage, response: ServerResponse, target: RequestTarget): void | Promise<void>;
  /** A handler that threw is a bug: the request is answered with a 500 and the error reported here. */
  onHandlerError(error: unknown): void;
}

/** Beyond this an unread body is not worth reading to the end: the answer goes at once. */
const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;
/** A body announced but slow to come delays its refusal no longer than this. */
const MAX_DISCARD_WAIT_MS = 1_000;

/**
 * Runs `answer` once the request's body, if nobody reads it, has arrived and been thrown away
 * (or after MAX_DISCARD_WAIT_MS). A socket closed with bytes still unread is reset, and a reset
 * can make the client drop an answer it was already sent (a refused request with a body and
 * `Connection: close`).
 */
function afterUnreadBody(response: ServerResponse, answer: () => void): void {
  const request = response.req;
  const announced = Number(request.headers['content-length'] ?? 0);
  const hasBody = announced > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || request.complete || request.readableFlowing !== null || !(announced <= MAX_DISCARDED_BYTES)) {
    answer();
    return;
  }
  let answered = false;
  const once = () => {
    if (answered) return;
    answered = true;
    answer();
  };
  const timer = setTimeout(once, MAX_DISCARD_WAIT_MS);
  request.once('end', () => {
    clearTimeout(timer);
    once();
  });
  request.once('error', once);
  request.resume();
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  afterUnreadBody(response, () => {
    response.writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    response.end(text);
  });
}

/** For requests Node refuses before any handler sees them: the answer is written on the socket itself. */
function answerOnSocket(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${text}`,
  );
}

function describeClientError(error: NodeJS.ErrnoException & { reason?: string }): { status: number; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'the request headers are too large' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'the request took too long to arrive' };
  return { status: 400, message: `the request is not valid HTTP (${error.reason ?? error.message})` };
}

function destroyResponse(this: ServerResponse): void {
  this.destroy();
}

/**
 * An HTTP server that no input can bring down: Node's own refusals (malformed requests, huge
 * headers, CONNECT, unknown expectations), unparseable targets and handler bugs all become JSON
 * errors in the listener's format.
 */
export function createSafeListener({ errorBody, handle, onHandlerError }: SafeListenerOptions): Server {
  const refuse = (response: ServerResponse, status: number, message: string) =>
    sendJson(response, status, errorBody(message, status));

  const server = createServer({ requireHostHeader: false }, (request, response) => {
    response.on('error', destroyResponse);
    const parsed = parseRequestTarget(request.url);
    if (!parsed.ok) {
      refuse(response, 400, parsed.message);
      return;
    }
    const fail = (error: unknown) => {
      onHandlerError(error);
      if (response.headersSent) response.destroy();
      else refuse(response, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    };
    try {
      const handled = handle(request, response, parsed.target);
      if (handled) handled.catch(fail);
    } catch (error) {
      fail(error);
    }
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // The bytes after a request (its body, or a next request) are malformed, but that request is
    // already being answered: let the answer finish (unless the client has gone), then close.
    const answering = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (answering?.headersSent) {
      if (answering.writableFinished || socket.readableEnded) socket.end();
      else answering.once('finish', () => socket.end());
      return;
    }
    const { status, message } = describeClientError(error);
    answerOnSocket(socket, status, errorBody(message, status));
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    // Node hands this socket over paused: read on, so that the client closing it is seen.
    socket.resume();
    answerOnSocket(socket, 405, errorBody('CONNECT is not supported: this is not a proxy', 405));
  });
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) =>
    refuse(response, 417, `only "Expect: 100-continue" is supported, not "${request.headers.expect}"`),
  );
  return server;
}
