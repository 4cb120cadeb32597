import { TriadError } from './contract/errors.js';
import type { InputColumns } from './contract/input-columns.js';

type Token = { kind: 'name'; value: string } | { kind: ',' | ';' | '=' };

const SEPARATORS = ',;=';

function tokens(text: string): Token[] {
  const found: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const character = text[at] as string;
    if (SEPARATORS.includes(character)) {
      found.push({ kind: character as ',' | ';' | '=' });
      at += 1;
    } else if (/\s/.test(character)) at += 1;
    else if (character === '"') {
      let value = '';
      for (at += 1; ; at += 1) {
        if (at >= text.length) throw new TriadError('invalid_input', `a quoted name is not closed in ${text}`);
        if (text[at] !== '"') value += text[at];
        else if (text[at + 1] === '"') {
          value += '"';
          at += 1;
        } else break;
      }
      at += 1;
      found.push({ kind: 'name', value });
    } else {
      let end = at;
      while (end < text.length && !`${SEPARATORS}"`.includes(text[end] as string)) end += 1;
      found.push({ kind: 'name', value: text.slice(at, end).trim() });
      at = end;
    }
  }
  return found;
}

interface Group {
  input: string | null;
  columns: string[];
}

/** One `[INPUT =] A, B, ...` group of `text`. */
function group(part: Token[], text: string): Group {
  const [head, second] = part;
  const named = second?.kind === '=';
  if (head?.kind === '=' || (named && head?.kind !== 'name'))
    throw new TriadError('invalid_input', `an input name is missing before = in ${text}`);
  const input = named && head?.kind === 'name' ? head.value : null;
  const columns: string[] = [];
  const rest = named ? part.slice(2) : part;
  rest.forEach((token, index) => {
    const wanted = index % 2 === 0 ? 'name' : ',';
    if (token.kind === '=')
      throw new TriadError(
        'invalid_input',
        `= follows only an input name, at the start of a group, in ${text} (a column name holding = goes in double quotes)`,
      );
    if (token.kind !== wanted)
      throw new TriadError(
        'invalid_input',
        wanted === 'name'
          ? `a column name is missing in ${text}`
          : `expected a comma between column names in ${text} (a name with a comma, semicolon, = or quote goes in double quotes)`,
      );
    if (token.kind === 'name') columns.push(token.value);
  });
  if (columns.length === 0 || rest.length % 2 === 0)
    throw new TriadError('invalid_input', `a column name is missing in ${text}`);
  if (columns.includes('')) throw new TriadError('invalid_input', `an empty column name in ${text}`);
  if (input === '') throw new TriadError('invalid_input', `an empty input name in ${text}`);
  return { input, columns };
}

/**
 * Reads input columns as people type them: `a, b, c` for the model's only input with many values
 * per row, or `x = a, b; y = c, d` naming each input (several texts are read as one, joined by
 * `;`). A name holding a comma, semicolon, `=`, a double quote or edge spaces is written in double
 * quotes, with a double quote inside written twice.
 */
export function parseInputColumns(texts: readonly string[]): InputColumns {
  const groups: Group[] = [];
  for (const text of texts) {
    let part: Token[] = [];
    for (const token of [...tokens(text), { kind: ';' } as const]) {
      if (token.kind !== ';') part.push(token);
      else {
        if (part.length > 0) groups.push(group(part, text));
        part = [];
      }
    }
  }
  if (groups.length === 0) throw new TriadError('invalid_input', 'no input columns were named');
  const unnamed = groups.filter((each) => each.input === null);
  if (unnamed.length > 0) {
    if (groups.length > 1)
      throw new TriadError(
        'invalid_input',
        'with columns for more than one input, name each input: x = a, b; y = c, d',
      );
    return (unnamed[0] as Group).columns;
  }
  const byInput: Record<string, string[]> = {};
  for (const { input, columns } of groups) {
    const name = input as string;
    if (Object.hasOwn(byInput, name))
      throw new TriadError('invalid_input', `the columns of input "${name}" are named more than once`);
    byInput[name] = columns;
  }
  return byInput;
}
