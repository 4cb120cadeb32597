/** One line of block YAML as far as completion needs it: where its `- ` marks and its key are. */
interface YamlLine {
  /** Columns of the `- ` item marks that open the line. */
  dashes: number[];
  /** Column where the line's content starts after its item marks. */
  column: number;
  key: string | null;
  /** The scalar after `key:` ('' when the key opens a block). */
  value: string;
  blank: boolean;
}

/** A mapping the cursor is in, from the innermost out: the keys it already has, with their scalar values. */
export interface EnclosingMapping {
  /** Keys written in it, with their values ('' for a key that opens a block). */
  entries: Record<string, string>;
}

export interface YamlCursor {
  /** Keys from the root to the mapping the cursor is in; `[]` for an item of a sequence. */
  path: string[];
  /** Typing a key of that mapping, or the value of `key` in it. */
  position: 'key' | 'value';
  key: string | null;
  /** The word typed so far, and the offset where it starts. */
  prefix: string;
  from: number;
  /** For each `[]` or key of `path`, innermost last, the mapping at that depth (the mapping holding the key). */
  mappings: EnclosingMapping[];
}

const KEY_LINE = /^((?:-\s+)*)([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?$/;

function withoutComment(text: string): string {
  const at = text.search(/(^|\s)#/);
  return at === -1 ? text : text.slice(0, at);
}

function readLine(raw: string): YamlLine {
  const text = withoutComment(raw).trimEnd();
  // A blank line keeps its spaces' column: on the cursor's line they say where the next key goes.
  const indent = raw.length - raw.trimStart().length;
  const content = text.slice(indent);
  if (content === '') return { dashes: [], column: indent, key: null, value: '', blank: true };
  const dashes: number[] = [];
  let rest = content;
  let column = indent;
  for (let mark = /^-(\s+|$)/.exec(rest); mark; mark = /^-(\s+|$)/.exec(rest)) {
    dashes.push(column);
    column += mark[0].length;
    rest = rest.slice(mark[0].length);
  }
  const key = KEY_LINE.exec(rest);
  return {
    dashes,
    column,
    key: key ? (key[2] as string) : null,
    value: key ? (key[3] ?? '').trim() : rest,
    blank: false,
  };
}

/** Keys at `column` in the block around `line` that starts at `first` and ends where the text leaves the column. */
function entriesAt(lines: YamlLine[], first: number, line: number, column: number): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let index = first; index < lines.length; index++) {
    const current = lines[index] as YamlLine;
    if (current.blank) continue;
    const outside = current.column < column || (index !== first && current.dashes.some((dash) => dash < column));
    if (index > line && outside) break;
    if (current.column === column && current.key !== null && !outside) entries[current.key] = current.value;
  }
  return entries;
}

/**
 * Where the cursor is in a block-style YAML text: the path of keys to the mapping it is in, whether
 * a key or a value is being typed, and the keys around it — what schema-aware completion needs.
 * Flow collections (`{ … }`) are not followed: inside one the cursor counts as a value.
 */
export function yamlCursor(text: string, offset: number): YamlCursor {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const typed = before.slice(lineStart);
  const lines = text.split('\n').map(readLine);
  const lineIndex = before.split('\n').length - 1;
  const head = readLine(typed);
  const valueMatch = /^((?:-\s+)*)([A-Za-z_][\w.-]*)\s*:\s+(.*)$/.exec(typed.trimStart());
  const indent = typed.length - typed.trimStart().length;
  const prefixMatch = /[\w.${}-]*$/.exec(typed) as RegExpExecArray;
  const prefix = prefixMatch[0];
  const from = offset - prefix.length;
  const position: 'key' | 'value' = valueMatch ? 'value' : 'key';
  const key = valueMatch ? (valueMatch[2] as string) : null;

  const path: string[] = [];
  const mappings: EnclosingMapping[] = [];
  // The innermost mapping: at the column where this line's key starts (after its item marks).
  let column = valueMatch ? indent + (valueMatch[1] as string).length : head.column;
  let mappingFirst = lineIndex;
  // Above an item, a key at the item mark's own column holds the sequence (`steps:` then `- name:`).
  let inSequence = false;
  const openItems = (line: YamlLine, at: number) => {
    // Each item mark opens a sequence item whose mapping is at the column after it, innermost first.
    for (let dash = line.dashes.length - 1; dash >= 0; dash--) {
      mappings.unshift({ entries: entriesAt(lines, at, lineIndex, column) });
      path.unshift('[]');
      column = line.dashes[dash] as number;
      mappingFirst = at;
      inSequence = true;
    }
  };
  if (head.dashes.length > 0) openItems(head, lineIndex);
  for (let index = lineIndex - 1; index >= 0; index--) {
    const line = lines[index] as YamlLine;
    if (line.blank) continue;
    if (line.column === column && line.key !== null && line.dashes.length > 0) {
      mappingFirst = index;
      openItems(line, index);
      continue;
    }
    if (line.column === column && line.key !== null && !inSequence) {
      mappingFirst = index;
      continue;
    }
    const opensBlock = line.key !== null && (line.value === '' || /^[|>][-+]?\d*$/.test(line.value));
    // A key at a smaller column holds the mapping; a sequence may sit at its key's own column.
    if (line.key !== null && (line.column < column || (line.column === column && opensBlock))) {
      mappings.unshift({ entries: entriesAt(lines, mappingFirst, lineIndex, column) });
      path.unshift(line.key);
      column = line.column;
      mappingFirst = index;
      inSequence = false;
      if (line.dashes.length > 0) openItems(line, index);
    }
  }
  mappings.unshift({ entries: entriesAt(lines, mappingFirst, lineIndex, column) });
  return { path, position, key, prefix, from, mappings };
}
