import { fuzzedTarget, randomText } from '../../../shared/test-support/fuzzed-targets.js';
import { type SeededRandom, seededRandom } from '../../../shared/test-support/seeded-random.js';
import { type RawAnswer, sendRaw } from './raw-http.js';

/**
 * A small, seeded and so repeatable fuzzer for the HTTP listeners: it mutates the paths a listener
 * serves into malformed targets, bad percent-escapes, broken headers and bodies, and sends each
 * request over a raw socket.
 */

export interface FuzzedListener {
  port: number;
  /** Paths the listener serves, which the fuzzer starts from. */
  paths: string[];
  /** Headers a well-formed request carries (the Host, an Authorization where one is needed). */
  headers: Record<string, string>;
}

export interface FuzzCase {
  method: string;
  target: string;
  bytes: Buffer;
  /** The request stops short of what it announced: the server may answer or just close. */
  truncated: boolean;
}

export interface FuzzResult {
  fuzzCase: FuzzCase;
  answer: RawAnswer | null;
}

const METHODS = [
  'GET',
  'GET',
  'GET',
  'POST',
  'POST',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'BREW',
  'CONNECT',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
];
const BODIES = [
  '{}',
  '{"path": ',
  '{{{',
  'null',
  '[1,2]',
  '"text"',
  '{"path": "/no/such/file.csv", "table": "t"}',
  '{"__proto__": {"polluted": true}}',
  '\u0000\u0001\u0002',
  '{"a": "\ud800"}',
];

function fuzzHeaders(r: SeededRandom, listener: FuzzedListener): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(listener.headers)) {
    if (r.chance(0.08)) continue;
    lines.push(`${name}: ${r.chance(0.05) ? `${value}x` : value}`);
  }
  if (r.chance(0.08)) lines.push(`Host: ${r.pick(['evil.example', '', 'localhost:1', '[::1'])}`);
  if (r.chance(0.7)) lines.push(`Content-Type: ${r.pick(CONTENT_TYPES)}`);
  if (r.chance(0.08)) lines.push('Origin: http://evil.example');
  if (r.chance(0.05)) lines.push('Sec-Fetch-Site: cross-site');
  if (r.chance(0.04)) lines.push(`X-Big: ${'a'.repeat(20_000)}`);
  if (r.chance(0.04)) lines.push(r.pick(['Bad Header\u0001: x', 'no colon here', ': empty name', 'X-Ctl: a\u0000b']));
  if (r.chance(0.04)) lines.push('Expect: 200-ok');
  if (r.chance(0.03)) lines.push('Upgrade: websocket', 'Connection: Upgrade');
  lines.push('Connection: close');
  return lines;
}

function fuzzBody(r: SeededRandom): string {
  if (r.chance(0.02)) return `{"a": "${'x'.repeat(1_100_000)}"}`;
  if (r.chance(0.1)) return randomText(r, 1 + r.int(64), 0);
  return r.pick(BODIES);
}

function fuzzCase(r: SeededRandom, listener: FuzzedListener): FuzzCase {
  const method = r.pick(METHODS);
  const target = fuzzedTarget(r, listener.paths);
  const version = r.chance(0.03) ? r.pick(['HTTP/9.9', 'HTTP/1', '', 'HTTP/1.1 extra']) : 'HTTP/1.1';
  const headers = fuzzHeaders(r, listener);
  const body = Buffer.from(method === 'GET' && r.chance(0.8) ? '' : fuzzBody(r), 'latin1');
  let framed: Buffer;
  let truncated = false;
  const framing = r.int(20);
  if (framing === 0) {
    framed = Buffer.concat([Buffer.from(`Content-Length: ${body.length + 10}\r\n\r\n`), body]);
    truncated = true;
  } else if (framing === 1) {
    framed = Buffer.from(
      `Transfer-Encoding: chunked\r\n\r\n${r.pick(['zz', '-1', 'fffffffffffffffff'])}\r\nabc\r\n0\r\n\r\n`,
    );
  } else if (framing === 2) {
    framed = Buffer.concat([
      Buffer.from(`Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`),
      body,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
  } else if (framing === 3) {
    framed = Buffer.from(`Content-Length: ${r.pick(['-1', 'abc', '1, 2', '99999999999999999999'])}\r\n\r\n`);
  } else {
    framed = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
  }
  const head = `${method} ${target} ${version}`.trimEnd();
  const bytes = Buffer.concat([Buffer.from(`${head}\r\n${headers.join('\r\n')}\r\n`, 'latin1'), framed]);
  return { method, target, bytes, truncated };
}

/** Sends `count` fuzzed requests, a few at a time, and returns each with its answer. */
export async function fuzzListener(listener: FuzzedListener, seed: number, count: number): Promise<FuzzResult[]> {
  const r = seededRandom(seed);
  const cases = Array.from({ length: count }, () => fuzzCase(r, listener));
  const results: FuzzResult[] = [];
  const worker = async () => {
    for (let fuzz = cases.shift(); fuzz; fuzz = cases.shift()) {
      results.push({
        fuzzCase: fuzz,
        answer: await sendRaw(listener.port, fuzz.bytes, { endAfterSending: fuzz.truncated }),
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return results;
}

/** What is wrong with each answer that is neither a success (or redirect) nor a 4xx JSON error with a message. */
export function unexpectedAnswers(results: FuzzResult[]): string[] {
  const problems: string[] = [];
  for (const { fuzzCase, answer } of results) {
    const request = `${fuzzCase.method} ${JSON.stringify(fuzzCase.target.slice(0, 80))}`;
    if (!answer) {
      if (!fuzzCase.truncated)
        problems.push(`${request}: no answer to ${JSON.stringify(fuzzCase.bytes.toString('latin1').slice(0, 300))}`);
      continue;
    }
    if (answer.status >= 200 && answer.status < 400) continue;
    if (answer.status >= 500) {
      problems.push(`${request}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      continue;
    }
    if (fuzzCase.method === 'HEAD') continue;
    let error: unknown;
    try {
      error = (JSON.parse(answer.body) as { error?: unknown }).error;
    } catch {
      error = undefined;
    }
    const message = typeof error === 'string' ? error : (error as { message?: unknown } | undefined)?.message;
    if (!answer.headers['content-type']?.startsWith('application/json') || typeof message !== 'string' || !message) {
      problems.push(`${request}: HTTP ${answer.status} without a JSON error: ${answer.body.slice(0, 200)}`);
    }
  }
  return problems;
}
