import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The pipeline of fuel-pipeline.yaml: import, SQL, split, train, evaluate with a gate, register. */
export const FUEL_PIPELINE = readFileSync(join(import.meta.dirname, 'fuel-pipeline.yaml'), 'utf8');

/** Writes vega-datasets' cars (406 rows) as cars.ndjson into a folder, for the pipeline's ingest step. */
export function writeCarsNdjson(folder: string): void {
  const cars = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', 'vega-datasets', 'data', 'cars.json'), 'utf8'),
  ) as Record<string, unknown>[];
  writeFileSync(join(folder, 'cars.ndjson'), `${cars.map((car) => JSON.stringify(car)).join('\n')}\n`);
}
