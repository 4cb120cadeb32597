import type { YAMLError } from 'yaml';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';

const MISSING_COLON = (key: string | undefined) =>
  key ? `missing \`:\` after \`${key}\` (write \`${key}: value\`)` : 'missing `:` after a key (write `key: value`)';

const COLON_IN_VALUE =
  'this value holds `: ` (a colon and a space), which YAML reads as the start of another key: put the value in quotes, or give each key its own line; for SQL write `source: |` and the SQL on the lines below it, indented';

/** The line (1-based) above `line` where an opened `open` is not closed, e.g. an unclosed `[` or quote. */
function unclosedAbove(lines: readonly string[], line: number, open: string, close: string): number | null {
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index -= 1) {
    const text = lines[index] ?? '';
    const opened = text.split(open).length - 1;
    const closed = open === close ? 0 : text.split(close).length - 1;
    if (open === close ? opened % 2 === 1 : opened > closed) return index + 1;
  }
  return null;
}

/** One YAML syntax error as the person who wrote the file would put it, at the line where they can fix it. */
function describe(error: YAMLError, lines: readonly string[]): DefinitionProblem {
  const [start, end] = error.linePos ?? [];
  const line = start?.line ?? null;
  const column = start?.col ?? null;
  const text = line === null ? '' : (lines[line - 1] ?? '');
  const key = /^[A-Za-z_][\w-]*/.exec(text.slice((column ?? 1) - 1).trimStart())?.[0];
  const at = (message: string, where = line, col = column) => ({ line: where, column: col, message });
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return at('a tab indents this line: YAML indents with spaces only, 2 per level', line, 1);
    case 'MULTILINE_IMPLICIT_KEY':
      return at(MISSING_COLON(key));
    case 'BLOCK_AS_IMPLICIT_KEY':
      return at(COLON_IN_VALUE);
    case 'BLOCK_IN_FLOW':
      return at('a value inside `[ ]` or `{ }` holds `: `: put it in quotes, e.g. "a: b"');
    case 'DUPLICATE_KEY':
      return at(
        key
          ? `\`${key}\` is given twice in the same item: keep one`
          : 'a key is given twice in the same item: keep one',
      );
    case 'MISSING_CHAR': {
      const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
      if (quote) {
        const opened = unclosedAbove(lines, line ?? lines.length, quote, quote);
        return at(`the text started with ${quote} is not closed: end it with ${quote} on the same line`, opened, null);
      }
      if (/Implicit map keys need to be followed by map values/.test(error.message)) return at(MISSING_COLON(key));
      break;
    }
    case 'BAD_INDENT': {
      const flow = /Flow (sequence|mapping)/.exec(error.message)?.[1];
      if (flow) {
        const [open, close] = flow === 'sequence' ? ['[', ']'] : ['{', '}'];
        const opened = unclosedAbove(lines, (line ?? 1) - 1, open, close);
        return at(`the ${open} opened on this line is not closed: end it with ${close} on the same line`, opened, null);
      }
      return at(
        `${key ? `\`${key}\`` : 'this line'} is indented differently from the keys around it: keys of one item start in the same column (under the first key after \`- \`)`,
      );
    }
  }
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return at(`YAML cannot read this${end && end.line !== line ? ` (up to line ${end.line})` : ''}: ${reason}`);
}

/**
 * The YAML parser's errors as one message per mistake: one mistake often yields several errors
 * (a colon inside a value breaks every later key on its line), so errors on a line already
 * reported are dropped, and the same message on several lines is given once, naming the others.
 */
export function yamlSyntaxProblems(errors: readonly YAMLError[], text: string): DefinitionProblem[] {
  const lines = text.split(/\r?\n/);
  const problems: (DefinitionProblem & { others: number[] })[] = [];
  const covered = new Set<number>();
  for (const error of errors) {
    const [start, end] = error.linePos ?? [];
    if (start && covered.has(start.line)) continue;
    const problem = describe(error, lines);
    for (let line = start?.line ?? 0; line <= (end?.line ?? start?.line ?? 0); line += 1) covered.add(line);
    if (problem.line !== null) covered.add(problem.line);
    const same = problems.find((earlier) => earlier.message === problem.message);
    if (same && problem.line !== null) same.others.push(problem.line);
    else if (!same) problems.push({ ...problem, others: [] });
  }
  return problems.map(({ others, ...problem }) =>
    others.length === 0
      ? problem
      : { ...problem, message: `${problem.message} (also line${others.length === 1 ? '' : 's'} ${others.join(', ')})` },
  );
}
