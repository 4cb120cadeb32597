import { pushToken, type Token, type TokenKind } from './tokens.js';

const KEYWORDS = new Set(
  `all and as asc between by case cast collate cross current_date current_time current_timestamp desc distinct else
  end escape except exists false filter following from full glob group having if in inner intersect is join left like
  limit match natural not null nulls offset on or order outer over partition preceding range recursive regexp right
  rows select then true unbounded union using values when where window with`.split(/\s+/),
);

/** Sticky patterns tried in order at each position; the first that matches makes the token. */
const RULES: readonly [TokenKind | 'word', RegExp][] = [
  ['comment', /--[^\n]*/y],
  ['comment', /\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /'(?:[^']|'')*'?/y],
  ['identifier', /"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]\n]*\]?/y],
  ['number', /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['word', /[A-Za-z_][\w$]*/y],
  ['plain', /\s+/y],
  ['operator', /\|\||<=|>=|<>|!=|==|<<|>>|[-+*/%<>=&|~]/y],
  ['punctuation', /[(),.;]/y],
];

function wordKind(word: string, text: string, end: number): TokenKind {
  if (KEYWORDS.has(word.toLowerCase())) return 'keyword';
  return /^\s*\(/.test(text.slice(end, end + 16)) ? 'function' : 'plain';
}

/** Splits SQL into coloured tokens; joining the tokens' text gives back the input exactly. */
export function tokenizeSql(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    let matched = false;
    for (const [kind, pattern] of RULES) {
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (!match || match[0] === '') continue;
      const end = position + match[0].length;
      pushToken(tokens, kind === 'word' ? wordKind(match[0], text, end) : kind, match[0]);
      position = end;
      matched = true;
      break;
    }
    if (!matched) {
      pushToken(tokens, 'plain', text[position] ?? '');
      position += 1;
    }
  }
  return tokens;
}
