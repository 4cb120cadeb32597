/**
 * Every listener (web mode, the model server, the desktop app:// protocol) reads the target of a
 * request through this one parser. It never throws: a target a browser, curl or a raw socket can
 * send but that does not parse becomes a message the listener answers with a 400.
 */

export interface RequestTarget {
  /** The host and port of an absolute-form target (`http://host:port/path`), else null. */
  authority: string | null;
  /** The decoded path, starting with "/". */
  path: string;
  /** The decoded path segments, so an escaped "/" stays inside its segment. */
  segments: string[];
  /** Decoded query parameters (the first value of a repeated name). */
  query: ReadonlyMap<string, string>;
}

export type ParsedTarget = { ok: true; target: RequestTarget } | { ok: false; message: string };

const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/;
const ORIGIN_FORM = /^(\/[^?#]*)(?:\?([^#]*))?/;
const REG_NAME_AUTHORITY = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+(?::\d{0,5})?$/;
const IP_LITERAL_AUTHORITY = /^\[[0-9A-Fa-f:.]+\](?::\d{0,5})?$/;
const SHOWN_CHARACTERS = 120;

function quoted(text: string): string {
  return JSON.stringify(text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function parseQuery(text: string): Map<string, string> | null {
  const query = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode((equals < 0 ? pair : pair.slice(0, equals)).replaceAll('+', ' '));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1).replaceAll('+', ' '));
    if (name === null || value === null) return null;
    if (!query.has(name)) query.set(name, value);
  }
  return query;
}

/** A path of plain characters only: no escapes, query or fragment to read, so it is its own decoded form. */
const PLAIN_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;
const NO_QUERY: ReadonlyMap<string, string> = new Map();

/** Parses an origin-form (`/path?query`) or absolute-form (`scheme://host/path?query`) request target. */
export function parseRequestTarget(raw: string | undefined): ParsedTarget {
  if (!raw) return { ok: false, message: 'the request has no target' };
  if (PLAIN_PATH.test(raw))
    return { ok: true, target: { authority: null, path: raw, segments: raw.slice(1).split('/'), query: NO_QUERY } };
  let authority: string | null = null;
  let rawPath: string;
  let rawQuery: string;
  const origin = ORIGIN_FORM.exec(raw);
  const absolute = origin ? null : ABSOLUTE_FORM.exec(raw);
  if (origin) {
    rawPath = origin[1] ?? '/';
    rawQuery = origin[2] ?? '';
  } else if (absolute) {
    authority = absolute[2] ?? '';
    if (!REG_NAME_AUTHORITY.test(authority) && !IP_LITERAL_AUTHORITY.test(authority)) {
      return { ok: false, message: `the request target ${quoted(raw)} names a malformed host` };
    }
    rawPath = absolute[3] || '/';
    rawQuery = absolute[4] ?? '';
  } else {
    return { ok: false, message: `the request target ${quoted(raw)} is neither a path nor an absolute URL` };
  }
  const segments: string[] = [];
  for (const segment of rawPath.slice(1).split('/')) {
    const decoded = segment.includes('%') ? decode(segment) : segment;
    if (decoded === null) return { ok: false, message: `the path ${quoted(rawPath)} has a malformed percent-escape` };
    segments.push(decoded);
  }
  const path = `/${segments.join('/')}`;
  if (path.includes('\0')) return { ok: false, message: `the path ${quoted(rawPath)} contains a NUL character` };
  const query = parseQuery(rawQuery);
  if (!query) return { ok: false, message: `the query ${quoted(rawQuery)} has a malformed percent-escape` };
  return { ok: true, target: { authority, path, segments, query } };
}
