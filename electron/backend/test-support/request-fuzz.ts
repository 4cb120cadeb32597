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

/** mulberry32: tiny, and good enough to pick mutations. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
  };
}
type Random = ReturnType<typeof random>;

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
const BAD_ESCAPES = ['%', '%E0%A4%A', '%zz', '%00', '%C0%AF', '%ff%fe', '%2', '%%41', '%u0041'];
const ODD_TARGETS = [
  'http://[',
  'http://[::1',
  'http://evil.example/',
  'http://127.0.0.1:1/v2',
  'http://a@b/',
  '*',
  'example.com:443',
  '//',
  '/..',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/a/../../b',
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

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

function randomBytes(r: Random, length: number, lowest: number): string {
  return Array.from({ length }, () => String.fromCharCode(lowest + r.int(256 - lowest))).join('');
}

function fuzzTarget(r: Random, paths: string[]): string {
  const base = r.pick(paths);
  switch (r.int(10)) {
    case 0:
    case 1:
    case 2:
      return insertAt(base, 1 + r.int(base.length), r.pick(BAD_ESCAPES));
    case 3:
      return `${base}?name=${r.pick(BAD_ESCAPES)}&${r.pick(BAD_ESCAPES)}=x`;
    case 4:
      return r.pick(ODD_TARGETS);
    case 5:
      return `${base}/${'a'.repeat(r.int(9_000))}`;
    case 6:
      return base + randomBytes(r, 1 + r.int(12), 33).replace(/[\x7f-\xff]/g, '');
    case 7:
      return base + randomBytes(r, 1 + r.int(12), 128);
    default:
      return base;
  }
}

function fuzzHeaders(r: Random, listener: FuzzedListener): string[] {
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

function fuzzBody(r: Random): string {
  if (r.chance(0.02)) return `{"a": "${'x'.repeat(1_100_000)}"}`;
  if (r.chance(0.1)) return randomBytes(r, 1 + r.int(64), 0);
  return r.pick(BODIES);
}

function fuzzCase(r: Random, listener: FuzzedListener): FuzzCase {
  const method = r.pick(METHODS);
  const target = fuzzTarget(r, listener.paths);
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
  const r = random(seed);
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
