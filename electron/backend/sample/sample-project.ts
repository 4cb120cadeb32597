import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { assertNewProjectFolder, createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { recordTable } from '../db/table-catalog.js';
import { JobManager } from '../jobs/job-manager.js';
import { PipelineRunner } from '../jobs/pipeline-runner.js';
import { WorkerPool } from '../jobs/worker-pool.js';
import { PIPELINES_FOLDER } from '../pipelines/project-pipelines.js';
import { runQualityChecks } from '../quality/quality-checks.js';
import { applyDefinitionsText } from '../use-cases/apply-definitions-text.js';
import { buildTrainingSetWithSnapshot } from '../use-cases/build-training-set.js';
import { importFile } from '../use-cases/import-file.js';
import { materializeViews } from '../use-cases/materialize-views.js';

export const SAMPLE_DEFINITIONS_FILE = 'features.yaml';

/** A file of the vega-datasets package (its entry point is build/index.js, its data in data/). */
function vegaData(file: string): string {
  return join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', file);
}

/** The sample's pipeline, in the project's pipelines folder. */
export const SAMPLE_PIPELINE_FILE = 'flight_delays.yaml';

/** A file of resources/sample-project/. */
function sampleResource(file: string): string {
  // From sources (electron/backend/sample) and from the build (dist/electron/backend/sample).
  for (const up of ['../../../', '../../../../']) {
    const candidate = fileURLToPath(new URL(`${up}resources/sample-project/${file}`, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`this installation is missing resources/sample-project/${file}`);
}

/** Runs the sample's pipeline once, its steps as jobs on a pool of its own, so the project shows a run and a model. */
async function runSamplePipeline(project: Project): Promise<void> {
  mkdirSync(join(project.path, PIPELINES_FOLDER));
  const file = join(project.path, PIPELINES_FOLDER, SAMPLE_PIPELINE_FILE);
  copyFileSync(sampleResource(`${PIPELINES_FOLDER}/${SAMPLE_PIPELINE_FILE}`), file);
  const pool = new WorkerPool(1);
  try {
    const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'app'));
    const run = await runner.run(project, {
      file: SAMPLE_PIPELINE_FILE,
      text: readFileSync(file, 'utf8'),
      params: {},
      reason: 'sample',
    });
    if (run.state !== 'succeeded') throw new Error(`the sample pipeline did not succeed: ${run.error}`);
  } finally {
    await pool.close();
  }
}

/** Labels for the training-set example: every 10th departure, delayed when it left 15+ minutes late. */
function createLabels(project: Project): void {
  const db = project.db;
  const labels = `SELECT origin, date AS event_timestamp, destination, CASE WHEN delay >= 15 THEN 1 ELSE 0 END AS delayed
      FROM flights WHERE rowid % 10 = 0 ORDER BY date`;
  db.transaction(() => {
    db.exec(`CREATE TABLE departure_labels AS ${labels}`);
    recordTable(
      db,
      'departure_labels',
      [
        { name: 'origin', type: 'text', format: null },
        { name: 'event_timestamp', type: 'timestamp', format: null },
        { name: 'destination', type: 'text', format: null },
        { name: 'delayed', type: 'integer', format: null },
      ],
      new Date().toISOString(),
      labels,
    );
  })();
}

/**
 * A project with real public data already in place: vega-datasets' flights and airports
 * imported, entities, feature views, a feature service and quality checks applied, the online
 * store materialized and a training set built, so every page has something real to show.
 */
export async function createSampleProject(path: string, name?: string): Promise<Project> {
  const target = resolve(path);
  // Built beside its destination and moved into place whole, so a failure leaves no half-made project.
  const staging = `${target}.creating-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  assertNewProjectFolder(target);
  try {
    const built = await buildSample(staging, name ?? basename(target));
    built.close();
    if (existsSync(target)) rmdirSync(target);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return openProject(target);
}

async function buildSample(path: string, name: string): Promise<Project> {
  const project = createProject(path, name);
  const dbFile = join(project.path, DATABASE_FILE);
  project.close();
  const scratch = mkdtempSync(join(tmpdir(), 'triad-sample-'));
  try {
    const flights = JSON.parse(readFileSync(vegaData('flights-20k.json'), 'utf8')) as object[];
    const flightsFile = join(scratch, 'flights.ndjson');
    writeFileSync(flightsFile, flights.map((flight) => JSON.stringify(flight)).join('\n'));
    await importFile(dbFile, { file: flightsFile, table: 'flights', mode: 'replace' });
    await importFile(dbFile, { file: vegaData('airports.csv'), table: 'airports', mode: 'replace' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const opened = openProject(path);
  const definitions = sampleResource(SAMPLE_DEFINITIONS_FILE);
  copyFileSync(definitions, join(opened.path, SAMPLE_DEFINITIONS_FILE));
  applyDefinitionsText(opened.db, {
    yaml: readFileSync(definitions, 'utf8'),
    source: SAMPLE_DEFINITIONS_FILE,
    dryRun: false,
    confirmedDeletions: [],
  });
  runQualityChecks(opened.db, null, 'sample project created');
  createLabels(opened);
  materializeViews(opened.db, { views: null, startMs: null, endMs: Date.now() });
  await buildTrainingSetWithSnapshot(opened.db, opened.path, {
    entityTable: 'departure_labels',
    service: 'delay_prediction',
    timestampColumn: 'event_timestamp',
    table: 'training_delay_prediction',
  });
  await runSamplePipeline(opened);
  return opened;
}
