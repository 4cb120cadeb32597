import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HEADER_END = '\r\n\r\n';

function parseHead(head: string): Omit<RawAnswer, 'body'> {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) throw new Error(`not an HTTP answer: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers };
}

/**
 * Sends bytes exactly as given on a fresh TCP connection (Node's client would refuse to send many
 * malformed requests) and reads the one answer. An event stream counts as answered once its head
 * arrives. `endAfterSending` closes our side first, as a client that gave up mid-request would.
 */
export function sendRaw(
  port: number,
  request: string | Buffer,
  { endAfterSending = false, timeoutMs = 5_000 } = {},
): Promise<RawAnswer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (answer: RawAnswer | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer);
    };
    const timer = setTimeout(
      () =>
        settle(null, new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 200))}`)),
      timeoutMs,
    );
    const answerSoFar = (complete: boolean): RawAnswer | null => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf(HEADER_END);
      if (end < 0) return null;
      const head = parseHead(text.slice(0, end));
      const body = Buffer.from(text.slice(end + HEADER_END.length), 'latin1');
      const length = Number(head.headers['content-length'] ?? Number.NaN);
      if (head.headers['content-type']?.startsWith('text/event-stream')) return { ...head, body: '' };
      if (Number.isInteger(length) && body.length >= length) {
        return { ...head, body: body.subarray(0, length).toString('utf8') };
      }
      return complete ? { ...head, body: body.toString('utf8') } : null;
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answer = answerSoFar(false);
      if (answer) settle(answer);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close while we are still sending (an oversized request); keep what it said.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') settle(answerSoFar(true));
      else settle(null, error);
    });
    socket.on('end', () => settle(answerSoFar(true)));
    socket.write(request);
    if (endAfterSending) socket.end();
  });
}
