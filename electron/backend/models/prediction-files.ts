import { closeSync, openSync, writeSync } from 'node:fs';
import { joinedParts, writeParquet } from '../parquet/parquet-file-writer.js';
import type { PredictionColumn } from './onnx/batch-inference.js';

/** Predictions as Parquet bytes (text as STRING, whole numbers as INT64, reals as DOUBLE). */
export function predictionsParquet(columns: readonly PredictionColumn[]): Uint8Array {
  return joinedParts(
    writeParquet(
      columns,
      columns.map((column) => column.values),
      columns[0]?.values.length ?? 0,
    ),
  );
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_CHUNK_ROWS = 50_000;

/** Writes columns (predictions, a table's) as CSV with a header, to a file descriptor or a path, a chunk of rows at a time. */
export function writeColumnsCsv(
  target: string | number,
  columns: readonly { name: string; values: readonly (string | number | null)[] }[],
): void {
  const fd = typeof target === 'number' ? target : openSync(target, 'w');
  try {
    writeSync(fd, `${columns.map((column) => csvField(column.name)).join(',')}\n`);
    const rows = columns[0]?.values.length ?? 0;
    for (let start = 0; start < rows; start += CSV_CHUNK_ROWS) {
      const lines: string[] = [];
      for (let row = start; row < Math.min(rows, start + CSV_CHUNK_ROWS); row++)
        lines.push(columns.map((column) => csvField(column.values[row] ?? null)).join(','));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    if (typeof target !== 'number') closeSync(fd);
  }
}
