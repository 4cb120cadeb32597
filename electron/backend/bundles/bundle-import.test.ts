// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipelines hold ${…} references.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { createProject } from '../db/project-folder.js';
import { JobManager } from '../jobs/job-manager.js';
import { PipelineRunner } from '../jobs/pipeline-runner.js';
import { WorkerPool } from '../jobs/worker-pool.js';
import { modelVersions } from '../models/model-registry.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { createSampleProject } from '../sample/sample-project.js';
import { bundleEntries, craftZip } from '../test-support/crafted-zip.js';
import { FUEL_PIPELINE, writeCarsNdjson } from '../test-support/fuel-pipeline.js';
import { PYTHON } from '../test-support/python.js';
import { applyDefinitionsText } from '../use-cases/apply-definitions-text.js';
import { planBundle, writeBundle } from './bundle-export.js';
import { importBundle } from './bundle-import.js';
import { readBundle } from './bundle-reader.js';

let folder: string;
let sample: Project;
let bundleFile: string;
const opened: Project[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'triad-bundle-import-'));
  sample = await createSampleProject(join(folder, 'sample'));
  opened.push(sample);
  bundleFile = join(folder, 'flight_delays.triad');
  await writeBundle(
    await planBundle(sample.db, sample.path, {
      pipeline: 'flight_delays',
      withModels: true,
      withData: true,
      author: 'ana',
    }),
    bundleFile,
  );
}, 60_000);

afterAll(() => {
  for (const project of opened) project.close();
  rmSync(folder, { recursive: true, force: true });
});

function emptyProject(name: string): Project {
  const project = createProject(join(folder, name));
  opened.push(project);
  return project;
}

async function runPipeline(project: Project, file: string) {
  const pool = new WorkerPool(2);
  try {
    const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'cli'), 2);
    const text = readFileSync(join(project.path, 'pipelines', file), 'utf8');
    return await runner.run(project, { file, text, params: {}, reason: 'manual' });
  } finally {
    await pool.close();
  }
}

const metricsOf = (run: { steps: { step: string; metrics: Record<string, number | null> }[] }) =>
  run.steps.find((step) => step.step === 'evaluate')?.metrics;

describe('importing a bundle', () => {
  it('takes the pipeline, definitions, models and data into an empty project, where a run gives the same metrics', async () => {
    const project = emptyProject('empty');
    const result = await importBundle(project, bundleFile, {});
    expect(result.pipeline).toBe('flight_delays');
    expect(existsSync(join(project.path, 'pipelines', 'flight_delays.yaml'))).toBe(true);
    expect(modelVersions(project.db, 'flight_delays').map((version) => [version.version, version.aliases])).toEqual([
      [1, ['champion']],
    ]);
    expect(project.db.prepare('SELECT count(*) FROM flights').pluck().get()).toBe(20_000);
    // The training set as the exporter built it, recorded as one of the project's, with its snapshot's hash.
    const [snapshot] = (await readBundle(bundleFile)).manifest.contents.trainingSets;
    expect(
      project.db
        .prepare('SELECT table_name, feature_service, entity_table, row_count, content_hash FROM triad_training_sets')
        .all(),
    ).toEqual([
      {
        table_name: 'flight_delay_rows',
        feature_service: 'delay_prediction',
        entity_table: 'departure_labels',
        row_count: 2000,
        content_hash: snapshot?.contentHash,
      },
    ]);
    expect(project.db.prepare('SELECT count(*) FROM flight_delay_rows').pluck().get()).toBe(2000);
    const run = await runPipeline(project, 'flight_delays.yaml');
    expect({ state: run.state, error: run.error }).toEqual({ state: 'succeeded', error: null });
    const [original] = new PipelineRunStore(sample.db).list('flight_delays', 1);
    expect(metricsOf(run)).toEqual(metricsOf(original as never));
  }, 120_000);

  it('finds everything identical when the same bundle comes again, and changes nothing', async () => {
    const project = emptyProject('twice');
    await importBundle(project, bundleFile, {});
    renameSync(join(project.path, 'pipelines', 'flight_delays.yaml'), join(project.path, 'pipelines', 'delays.yaml'));
    const again = await importBundle(project, bundleFile, {});
    expect(again.decisions.every((decision) => decision.action === 'identical')).toBe(true);
    expect(again.file).toBe('delays.yaml');
    expect(again.models).toEqual([]);
  }, 60_000);

  it('refuses a conflict nobody resolved with nothing written, and renames, overwrites or skips as chosen', async () => {
    const project = emptyProject('conflicts');
    const mine =
      'name: flight_delays\nsteps:\n  - name: only\n    kind: sql\n    with: { sql: "SELECT 1 AS one", table: ones }\n';
    mkdirSync(join(project.path, 'pipelines'));
    writeFileSync(join(project.path, 'pipelines', 'flight_delays.yaml'), mine);
    applyDefinitionsText(project.db, {
      yaml: 'entities:\n  - name: airport\n    join_keys: [code]\n',
      source: 'mine.yaml',
      dryRun: false,
      confirmedDeletions: [],
    });
    const before = snapshot(project);
    await expect(importBundle(project, bundleFile, {})).rejects.toThrow(
      /2 items of the bundle conflict with the project \(pipeline flight_delays, entity airport\).*nothing was imported/,
    );
    expect(snapshot(project)).toEqual(before);
    await expect(
      importBundle(project, bundleFile, { resolutions: { 'pipeline:flight_delays': { action: 'rename', name: 'x' } } }),
    ).rejects.toThrow(/entity airport/);
    expect(snapshot(project)).toEqual(before);

    const result = await importBundle(project, bundleFile, {
      resolutions: {
        'pipeline:flight_delays': { action: 'rename', name: 'flight_delays_ana' },
        'entity:airport': { action: 'overwrite' },
      },
    });
    expect(result).toMatchObject({ pipeline: 'flight_delays_ana', file: 'flight_delays_ana.yaml' });
    expect(readFileSync(join(project.path, 'pipelines', 'flight_delays.yaml'), 'utf8')).toBe(mine);
    const renamed = readFileSync(join(project.path, 'pipelines', 'flight_delays_ana.yaml'), 'utf8');
    expect(renamed).toMatch(/^name: flight_delays_ana$/m);
    expect(renamed).toContain('# The sample project');
    const airport = JSON.parse(
      project.db.prepare("SELECT definition FROM triad_entities WHERE name = 'airport'").pluck().get() as string,
    );
    expect(airport.join_keys).toEqual(['origin']);
  }, 60_000);

  it("keeps the project's model and registers the bundle's under a new name, renaming it in the pipeline too", async () => {
    const project = emptyProject('models');
    await importBundle(project, bundleFile, {});
    project.db
      .prepare('UPDATE triad_model_versions SET content_hash = ? WHERE model = ?')
      .run('0'.repeat(64), 'flight_delays');
    writeFileSync(join(project.path, 'pipelines', 'flight_delays.yaml'), 'name: flight_delays\nsteps: []\n');
    const result = await importBundle(project, bundleFile, { otherwise: 'rename' });
    expect(result.pipeline).toBe('flight_delays_2');
    expect(result.models).toEqual(['flight_delays_2:1']);
    const text = readFileSync(join(project.path, 'pipelines', 'flight_delays_2.yaml'), 'utf8');
    expect(text).toMatch(/name: flight_delays_2, alias: champion/);
    expect(modelVersions(project.db, 'flight_delays_2')[0]?.aliases).toEqual(['champion']);
  }, 60_000);
});

describe('overwriting a table', () => {
  it("puts the bundle's rows in place of the project's, keeps lineage and rebuilds the feature views over them", async () => {
    const project = emptyProject('overwrite-table');
    await importBundle(project, bundleFile, {});
    project.db.exec('DELETE FROM departure_labels WHERE rowid % 2 = 0');
    project.db.prepare("UPDATE triad_tables SET row_count = 1000 WHERE name = 'departure_labels'").run();
    const result = await importBundle(project, bundleFile, {
      resolutions: { 'table:departure_labels': { action: 'overwrite' } },
    });
    expect(
      result.decisions.find((decision) => decision.kind === 'table' && decision.name === 'departure_labels')?.action,
    ).toBe('overwrite');
    expect(project.db.prepare('SELECT count(*) FROM departure_labels').pluck().get()).toBe(2000);
    expect(
      project.db
        .prepare("SELECT made_by_sql IS NOT NULL FROM triad_tables WHERE name = 'departure_labels'")
        .pluck()
        .get(),
    ).toBe(1);
    expect(project.db.prepare('SELECT count(*) FROM airport_departures').pluck().get()).toBeGreaterThan(0);
    expect(
      project.db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'triad_retired_%' OR name LIKE 'triad_staging_%'")
        .pluck()
        .get(),
    ).toBe(0);
  }, 60_000);
});

describe('a cancelled import', () => {
  it('stops while its tables are staged and leaves the project as it was', async () => {
    const project = emptyProject('cancelled');
    mkdirSync(join(project.path, 'pipelines'));
    const before = snapshot(project);
    const cancel = new AbortController();
    const importing = importBundle(project, bundleFile, {
      signal: cancel.signal,
      onProgress: (progress) => {
        if (progress.phase === 'staging tables') cancel.abort();
      },
    });
    await expect(importing).rejects.toMatchObject({ code: 'cancelled' });
    expect(snapshot(project)).toEqual(before);
  }, 60_000);
});

describe('a bundle whose manifest misdescribes its tables', () => {
  /** The sample's bundle with its manifest's table `flights` changed, every entry as it was. */
  async function withFlights(name: string, change: (table: BundleManifest['contents']['tables'][number]) => void) {
    const original = await readBundle(bundleFile);
    const manifest = structuredClone(original.manifest);
    change(
      manifest.contents.tables.find(
        (table) => table.name === 'flights',
      ) as BundleManifest['contents']['tables'][number],
    );
    const files = manifest.entries.map((entry) => ({
      path: entry.path,
      bytes: original.small.get(entry.path) as Buffer,
    }));
    const file = join(folder, `${name}.triad`);
    writeFileSync(file, craftZip(bundleEntries(files, manifest)));
    return file;
  }

  it.each([
    [
      'more rows',
      (table: { rows: number }) => (table.rows += 1),
      'table flights in the bundle holds 20000 rows, and its manifest says 20001',
    ],
    [
      'other columns',
      (table: { columns: { name: string }[] }) => ((table.columns[1] as { name: string }).name = 'lateness'),
      'table flights in the bundle has columns date, delay, distance, origin, destination, and its manifest says date, lateness',
    ],
    [
      'other types',
      (table: { columns: { name: string; type: string }[] }) =>
        ((table.columns.find((column) => column.name === 'origin') as { type: string }).type = 'integer'),
      'of table flights in the bundle does not fit its columns',
    ],
  ])(
    'refuses one with %s, leaving the project as it was',
    async (name, change, message) => {
      const project = emptyProject(`misdescribed-${name.replace(' ', '-')}`);
      mkdirSync(join(project.path, 'pipelines'));
      const before = snapshot(project);
      await expect(importBundle(project, await withFlights(name, change as never), {})).rejects.toThrow(message);
      expect(snapshot(project)).toEqual(before);
    },
    60_000,
  );
});

describe('a bundle of a pipeline with a command step', () => {
  it("carries its script and its ingest step's file, and reproduces its metrics in another project", async () => {
    const project = emptyProject('python');
    writeCarsNdjson(project.path);
    mkdirSync(join(project.path, 'scripts'));
    copyFileSync(join(import.meta.dirname, '../test-support/fit-cars.py'), join(project.path, 'scripts', 'fit.py'));
    const text = `${FUEL_PIPELINE.slice(0, FUEL_PIPELINE.indexOf('  - name: split'))}  - name: fit
    kind: command
    with:
      run: [${PYTHON}, scripts/fit.py]
      inputs: { cars: "\${steps.labelled.table}" }
      format: csv
      outputs:
        model: { type: model, path: model.onnx }
        metrics: { type: metrics, path: metrics.json }
`;
    mkdirSync(join(project.path, 'pipelines'));
    writeFileSync(join(project.path, 'pipelines', 'fuel.yaml'), text);
    const first = await runPipeline(project, 'fuel.yaml');
    expect(first.state).toBe('succeeded');
    const file = join(folder, 'fuel.triad');
    const choices = { pipeline: 'fuel', withModels: true, withData: true, author: 'ana' };
    const plan = await planBundle(project.db, project.path, choices);
    expect(plan.manifest.contents.code).toEqual(['cars.ndjson', 'scripts/fit.py']);
    expect(plan.manifest.contents.tables).toEqual([]);
    await writeBundle(plan, file);
    const withoutData = await planBundle(project.db, project.path, { ...choices, withData: false });
    expect(withoutData.manifest.contents.code).toEqual(['scripts/fit.py']);

    const elsewhere = emptyProject('python-elsewhere');
    await importBundle(elsewhere, file, {});
    expect(readFileSync(join(elsewhere.path, 'scripts', 'fit.py'))).toEqual(
      readFileSync(join(project.path, 'scripts', 'fit.py')),
    );
    const again = await runPipeline(elsewhere, 'fuel.yaml');
    expect({ state: again.state, error: again.error }).toEqual({ state: 'succeeded', error: null });
    const fitMetrics = (run: typeof first) => run.steps.find((step) => step.step === 'fit')?.metrics;
    expect(fitMetrics(again)).toEqual(fitMetrics(first));
  }, 120_000);
});

/** What an import may change: tables, definitions, models and pipeline files. */
function snapshot(project: Project) {
  const rows = (sql: string) => project.db.prepare(sql).all();
  return {
    tables: rows("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"),
    catalog: rows('SELECT name, row_count FROM triad_tables ORDER BY name'),
    entities: rows('SELECT name, definition FROM triad_entities ORDER BY name'),
    views: rows('SELECT name, definition FROM triad_feature_views ORDER BY name'),
    models: rows('SELECT model, version, content_hash FROM triad_model_versions ORDER BY model, version'),
    staging: rows('SELECT name FROM triad_staging'),
    pending: rows('SELECT target FROM triad_pending_files'),
    pipelines: readdirSync(join(project.path, 'pipelines')).map((file) => [
      file,
      readFileSync(join(project.path, 'pipelines', file), 'utf8'),
    ]),
  };
}
