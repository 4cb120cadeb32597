/** The offset in `text` of a 1-based line and column, clamped to the text (a line past the end is the last line). */
export function offsetOf(text: string, line: number, column = 1): number {
  const lines = text.split('\n');
  const target = Math.min(Math.max(line, 1), lines.length);
  let offset = 0;
  for (let index = 0; index < target - 1; index += 1) offset += (lines[index]?.length ?? 0) + 1;
  return offset + Math.min(Math.max(column, 1) - 1, lines[target - 1]?.length ?? 0);
}
