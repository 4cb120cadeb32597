import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import type { Project } from '../db/project.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { applyDefinitions } from '../features/apply-definitions.js';
import { parseDefinitions } from '../features/parse-definitions.js';
import { readRows } from '../query/table-rows.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { histogram, tableStats } from './column-stats.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const DEFINITIONS = `entities: [{ name: trip, join_keys: [id] }]
feature_views:
  - name: trip_days
    entities: [trip]
    source: SELECT id, at + 86400000 AS day_end, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000, 'unixepoch') AS seen, flag FROM trips
    timestamp_field: day_end
    created_timestamp_column: seen
`;

/** A project with an imported trips table (a timestamp, a 0/1 flag) and a feature view computing its times in SQL. */
async function tripsProject(): Promise<Project> {
  const dir = join(temporaryFolder('stats'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'trips.csv');
  const rows = Array.from({ length: 40 }, (_, index) => {
    const day = String(1 + (index % 28)).padStart(2, '0');
    return `${index + 1},2001-02-${day}T00:00:00Z,${index % 3 === 0 ? 1 : 0}`;
  });
  writeFileSync(file, ['id,at,flag', ...rows].join('\n'));
  await importFile(join(dir, DATABASE_FILE), { file, table: 'trips', mode: 'replace' });
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
  return project;
}

describe('column statistics', () => {
  it("types a feature view's computed timestamp_field and created_timestamp_column as timestamps", async () => {
    const project = await tripsProject();
    const stats = tableStats(project.db, 'trip_days');
    const byName = new Map(stats.columns.map((column) => [column.name, column]));
    expect(byName.get('day_end')?.type).toBe('timestamp');
    expect(byName.get('day_end')?.numeric?.min).toBe(Date.UTC(2001, 1, 2));
    expect(byName.get('seen')?.type).toBe('timestamp');
    expect(byName.get('seen')?.numeric?.max).toBe(Date.UTC(2001, 1, 28));
    expect(stats.correlations.columns).not.toContain('day_end');
    const grid = readRows(project.db, { source: 'trip_days', offset: 0, limit: 1, countTotal: false });
    expect(grid.columns.map((column) => column.type)).toEqual(['integer', 'timestamp', 'timestamp', 'integer']);
    project.close();
  });

  it('gives a 0/1 column one bin per value', async () => {
    const project = await tripsProject();
    const flag = tableStats(project.db, 'trips').columns.find((column) => column.name === 'flag');
    expect(flag?.numeric?.histogram).toEqual([
      { start: 0, end: 0, count: 26 },
      { start: 1, end: 1, count: 14 },
    ]);
    project.close();
  });
});

describe('histogram', () => {
  it('bins up to 20 distinct integers by value, and anything else in about 20 bins with round edges', () => {
    expect(histogram(Float64Array.from([1, 1, 5, 20]))).toEqual([
      { start: 1, end: 1, count: 2 },
      { start: 5, end: 5, count: 1 },
      { start: 20, end: 20, count: 1 },
    ]);
    const spread = histogram(Float64Array.from({ length: 21 }, (_, index) => index));
    expect(spread).toHaveLength(20);
    expect(spread[0]).toEqual({ start: 0, end: 1, count: 1 });
    expect(spread[19]).toEqual({ start: 19, end: 20, count: 2 });
    expect(histogram(Float64Array.from([0.5, 1.5]))).toHaveLength(20);
    const delays = histogram(Float64Array.from([-59, 3, 17.5, 522]));
    expect(delays.map((bin) => bin.start)).toEqual([
      -75, -50, -25, 0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250, 275, 300, 325, 350, 375, 400, 425, 450, 475, 500,
    ]);
    expect(delays.at(-1)).toEqual({ start: 500, end: 525, count: 1 });
    expect(delays.reduce((total, bin) => total + bin.count, 0)).toBe(4);
    const fractions = histogram(Float64Array.from([0.1, 0.2, 0.7]));
    expect(fractions.map((bin) => bin.start).slice(0, 4)).toEqual([0.1, 0.125, 0.15, 0.175]);
    expect(fractions.at(-1)?.end).toBe(0.7);
    const random = seededRandom(7);
    for (let round = 0; round < 200; round += 1) {
      const scale = 10 ** (random.int(13) - 6);
      const values = Float64Array.from({ length: 50 }, () => (random.int(1_000_000) / 1_000_000 - 0.3) * scale).sort();
      const bins = histogram(values);
      expect(bins.length).toBeLessThanOrEqual(30);
      expect(bins.reduce((total, bin) => total + bin.count, 0)).toBe(50);
      expect(bins[0]?.start).toBeLessThanOrEqual(values[0] as number);
      expect(bins.at(-1)?.end).toBeGreaterThanOrEqual(values.at(-1) as number);
    }
    expect(histogram(Float64Array.from([2.5, 2.5]))).toEqual([{ start: 2.5, end: 2.5, count: 2 }]);
    expect(histogram(new Float64Array())).toEqual([]);
  });
});
