import { tokenizeSql } from './sql-tokens.js';
import { pushToken, type Token } from './tokens.js';

/** Keys whose values are SQL, coloured as SQL rather than as YAML text. */
const SQL_KEYS = new Set(['source']);

const KEY_LINE = /^(\s*(?:-\s+)*)([A-Za-z_][\w.-]*)(\s*:)(?=\s|$)(.*)$/;
const BLOCK_INDICATOR = /^\s*[|>][+-]?\d*\s*(?:#.*)?$/;
const LITERAL = /^(?:true|false|null|~|yes|no|on|off|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|-?\d+[smhdw])$/i;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A YAML value after the colon (or a list item): quoted strings, literals, flow punctuation, comments. */
function pushValue(tokens: Token[], value: string): void {
  const pattern = /(\s+)|(#.*$)|("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)|([[\]{},])|([^\s[\]{},#]+)/y;
  let position = 0;
  while (position < value.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(value);
    if (!match) {
      pushToken(tokens, 'plain', value.slice(position));
      return;
    }
    const [text, space, comment, quoted, punctuation] = match;
    if (space) pushToken(tokens, 'plain', text);
    else if (comment) pushToken(tokens, 'comment', text);
    else if (quoted) pushToken(tokens, 'string', text);
    else if (punctuation) pushToken(tokens, 'punctuation', text);
    else if (text.endsWith(':')) {
      pushToken(tokens, 'key', text.slice(0, -1));
      pushToken(tokens, 'punctuation', ':');
    } else pushToken(tokens, LITERAL.test(text) ? 'literal' : 'plain', text);
    position += text.length;
  }
}

function pushLine(tokens: Token[], line: string): { sqlBlockIndent: number | null } {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('#')) {
    pushToken(tokens, 'plain', line.slice(0, line.length - trimmed.length));
    pushToken(tokens, 'comment', trimmed);
    return { sqlBlockIndent: null };
  }
  const keyed = KEY_LINE.exec(line);
  if (!keyed) {
    const dash = /^(\s*-\s+)(.*)$/.exec(line);
    if (dash) {
      pushToken(tokens, 'punctuation', dash[1] ?? '');
      pushValue(tokens, dash[2] ?? '');
    } else pushValue(tokens, line);
    return { sqlBlockIndent: null };
  }
  const [, lead = '', key = '', colon = '', value = ''] = keyed;
  pushToken(tokens, 'punctuation', lead);
  pushToken(tokens, 'key', key);
  pushToken(tokens, 'punctuation', colon);
  if (!SQL_KEYS.has(key)) {
    pushValue(tokens, value);
    return { sqlBlockIndent: null };
  }
  if (BLOCK_INDICATOR.test(value)) {
    pushValue(tokens, value);
    return { sqlBlockIndent: lead.length };
  }
  const quoted = /^\s*["']/.test(value);
  if (quoted) pushValue(tokens, value);
  else for (const token of tokenizeSql(value)) pushToken(tokens, token.kind, token.text);
  return { sqlBlockIndent: null };
}

/**
 * Colours a feature definitions file: YAML structure, with the SQL of each `source` (inline or as a
 * block scalar) coloured as SQL. Joining the tokens' text gives back the input exactly.
 */
export function tokenizeDefinitions(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const { sqlBlockIndent } = pushLine(tokens, line);
    index += 1;
    if (index < lines.length) pushToken(tokens, 'plain', '\n');
    if (sqlBlockIndent === null) continue;
    const block: string[] = [];
    while (index < lines.length) {
      const next = lines[index] ?? '';
      if (next.trim() !== '' && indentOf(next) <= sqlBlockIndent) break;
      block.push(next);
      index += 1;
    }
    if (block.length === 0) continue;
    const sql = block.join('\n') + (index < lines.length ? '\n' : '');
    for (const token of tokenizeSql(sql)) pushToken(tokens, token.kind, token.text);
  }
  return tokens;
}
