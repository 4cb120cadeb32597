export type TokenKind =
  | 'plain'
  | 'keyword'
  | 'function'
  | 'string'
  | 'number'
  | 'comment'
  | 'identifier'
  | 'operator'
  | 'key'
  | 'literal'
  | 'punctuation';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** Appends a token, merging it into the previous one when both are of the same kind. */
export function pushToken(tokens: Token[], kind: TokenKind, text: string): void {
  if (text === '') return;
  const last = tokens.at(-1);
  if (last && last.kind === kind) last.text += text;
  else tokens.push({ kind, text });
}
