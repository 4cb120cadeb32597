import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { savedTrainingSet } from '../electron/backend/test-support/saved-training-set.js';
import { CLI, temporaryDir } from './harness.js';

const work = temporaryDir('training-crash');
afterAll(() => work.remove());

const DIST = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'electron', 'backend')).href;

/**
 * Builds a training set from the `few` entity table into the sample's training table, as the CLI
 * does, and is killed with SIGKILL at the stage asked: while the table is written, while its
 * record is written (both from inside the transaction, by a SQL function), or just after commit.
 */
const BUILDER = `
const [projectDir, stage] = process.argv.slice(2);
const { openProject } = await import('${DIST}/db/project-folder.js');
const { resolveService } = await import('${DIST}/features/feature-registry.js');
const { buildTrainingSet } = await import('${DIST}/features/historical-retrieval.js');
const { saveTrainingSet } = await import('${DIST}/features/training-set-snapshot.js');
const project = openProject(projectDir);
const db = project.db;
db.function('die', () => process.kill(process.pid, 'SIGKILL'));
const triggers = {
  table: 'CREATE TEMP TRIGGER die BEFORE UPDATE ON triad_tables BEGIN SELECT die(); END',
  record: 'CREATE TEMP TRIGGER die BEFORE INSERT ON triad_training_sets BEGIN SELECT die(); END',
};
if (triggers[stage]) db.exec(triggers[stage]);
const trainingSet = await buildTrainingSet(db, 'few', null, resolveService(db, 'delay_prediction'));
await saveTrainingSet(db, project.path, trainingSet, {
  table: 'training_delay_prediction',
  service: 'delay_prediction',
  entityTable: 'few',
});
process.kill(process.pid, 'SIGKILL');
`;

/** The training table and its latest record, checked to agree. */
function savedTrainingSetOf(project: string) {
  const db = new Database(join(project, 'triad.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return savedTrainingSet(db, project, 'training_delay_prediction');
  } finally {
    db.close();
  }
}

describe('a training-set build killed with SIGKILL', () => {
  it('leaves the old table and record, or the new ones, at every stage', () => {
    const project = join(work.path, 'sample');
    const env = { ...process.env, TRIAD_HOME: join(work.path, 'home') };
    expect(spawnSync(process.execPath, [CLI, 'init', project, '--sample'], { env }).status).toBe(0);
    const entities = join(work.path, 'few.csv');
    writeFileSync(entities, 'origin,event_timestamp\nSFO,2001-03-01T12:00:00Z\nLAX,2001-03-02T12:00:00Z\n');
    const ingest = spawnSync(process.execPath, [CLI, 'ingest', entities, '--table', 'few', '--project', project], {
      env,
    });
    expect(ingest.status).toBe(0);
    const builder = join(work.path, 'build.mjs');
    writeFileSync(builder, BUILDER);
    expect(savedTrainingSetOf(project)).toEqual({ entityTable: 'departure_labels', rows: 2000 });

    for (const stage of ['table', 'record']) {
      const killed = spawnSync(process.execPath, [builder, project, stage], { env, encoding: 'utf8' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(savedTrainingSetOf(project), stage).toEqual({ entityTable: 'departure_labels', rows: 2000 });
    }
    const committed = spawnSync(process.execPath, [builder, project, 'committed'], { env, encoding: 'utf8' });
    expect(committed.signal, committed.stderr).toBe('SIGKILL');
    expect(savedTrainingSetOf(project)).toEqual({ entityTable: 'few', rows: 2 });
  });
});
