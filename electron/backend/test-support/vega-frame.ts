import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnType } from '../db/column-types.js';
import type { FrameColumn } from '../models/preprocessing.js';

const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

/** Columns of a vega-datasets JSON file, typed as an import would type them. */
export function vegaFrame(file: string, types: Record<string, ColumnType>): Record<string, FrameColumn> {
  const records = JSON.parse(readFileSync(join(VEGA, file), 'utf8')) as Record<string, unknown>[];
  return Object.fromEntries(
    Object.entries(types).map(([name, type]) => [
      name,
      { name, type, values: records.map((record) => record[name] ?? null) },
    ]),
  );
}
