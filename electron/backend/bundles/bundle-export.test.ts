import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../db/project.js';
import { createSampleProject } from '../sample/sample-project.js';
import { planBundle, writeBundle } from './bundle-export.js';
import { readBundle } from './bundle-reader.js';

let project: Project;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'triad-bundle-export-'));
  project = await createSampleProject(join(folder, 'sample'));
}, 60_000);
afterAll(() => {
  project.close();
  rmSync(folder, { recursive: true, force: true });
});

const choices = { pipeline: 'flight_delays', withModels: true, withData: true, author: 'ana' };

describe('exporting a pipeline as a bundle', () => {
  it('holds the pipeline, its feature definitions, runs, models and data, each entry hashed in the manifest', async () => {
    const plan = await planBundle(project.db, project.path, choices);
    const out = join(folder, 'a.triad');
    await writeBundle(plan, out);
    const bundle = await readBundle(out);
    expect(bundle.manifest.entries.map((entry) => entry.path)).toEqual(plan.entries.map((entry) => entry.path));
    const paths = bundle.manifest.entries.map((entry) => entry.path);
    expect(paths[0]).toBe('README.md');
    expect(paths).toContain('pipeline/flight_delays.yaml');
    expect(paths).toContain('features/definitions.yaml');
    expect(paths).toContain('models/flight_delays/1/model.onnx');
    expect(paths).toContain('data/tables/flights.parquet');
    expect(bundle.manifest.contents.features.featureServices).toEqual(['delay_prediction']);
    expect(bundle.manifest.contents.tables.map((table) => table.name)).toEqual(['departure_labels', 'flights']);
    expect(bundle.small.get('README.md')?.toString()).toContain('triad bundle run flight_delays.triad');
  }, 60_000);

  it('gives byte-identical files for the same content', async () => {
    const first = join(folder, 'one.triad');
    const second = join(folder, 'two.triad');
    await writeBundle(await planBundle(project.db, project.path, choices), first);
    await writeBundle(await planBundle(project.db, project.path, choices), second);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  }, 60_000);

  it('writes nothing, not even a partial file, when cancelled', async () => {
    const out = join(folder, 'cancelled.triad');
    const cancel = new AbortController();
    const plan = await planBundle(project.db, project.path, choices);
    const writing = writeBundle(plan, out, { signal: cancel.signal, onProgress: () => cancel.abort() });
    await expect(writing).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(folder).filter((name) => name.startsWith('cancelled'))).toEqual([]);
  }, 60_000);
});
