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

/** vega-datasets' penguins (344 rows): species, island and sex as text, with missing values and a "." sex. */
export function penguinsFrame(): Record<string, FrameColumn> {
  return vegaFrame('penguins.json', {
    Species: 'text',
    Island: 'text',
    'Beak Length (mm)': 'real',
    'Beak Depth (mm)': 'real',
    'Flipper Length (mm)': 'integer',
    'Body Mass (g)': 'integer',
    Sex: 'text',
  });
}

/** vega-datasets' cars (406 rows): miles per gallon (some missing), engine figures and the origin as text. */
export function carsFrame(): Record<string, FrameColumn> {
  return vegaFrame('cars.json', {
    Miles_per_Gallon: 'real',
    Cylinders: 'integer',
    Displacement: 'real',
    Horsepower: 'integer',
    Weight_in_lbs: 'integer',
    Acceleration: 'real',
    Origin: 'text',
  });
}

/** The named columns of a frame, in that order. */
export function pickColumns(frame: Record<string, FrameColumn>, names: readonly string[]): FrameColumn[] {
  return names.map((name) => frame[name] as FrameColumn);
}
