import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSampleProject } from '../sample/sample-project.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { stepCacheKey } from './step-cache-key.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('a step’s cache key', () => {
  it('changes with each kind of input a step reads, and with nothing else', async () => {
    const project = await createSampleProject(temporaryFolder('project'));
    const key = (kind: Parameters<typeof stepCacheKey>[4], settings: Record<string, unknown>) =>
      stepCacheKey(project.db, project.path, 'p', 's', kind, settings);
    const touch = (table: string) =>
      project.db
        .prepare('UPDATE triad_tables SET row_count = row_count + 1, updated_at = ? WHERE name = ?')
        .run(new Date(Date.now() + 1000).toISOString(), table);

    // A table its SQL reads; not the table it writes, nor a table it does not name.
    const sql = { sql: 'SELECT * FROM departure_labels', table: 'out' };
    const before = await key('sql', sql);
    expect(await key('sql', sql)).toBe(before);
    touch('airports');
    expect(await key('sql', sql)).toBe(before);
    touch('departure_labels');
    const afterNewRows = await key('sql', sql);
    expect(afterNewRows).not.toBe(before);
    expect(await key('sql', { ...sql, sql: 'SELECT origin FROM departure_labels' })).not.toBe(afterNewRows);

    // The feature definitions a training set is built from.
    const trainingSet = { service: 'delay_prediction', entities: 'departure_labels', table: 'rows' };
    const definitions = await key('training_set', trainingSet);
    project.db.prepare("UPDATE triad_feature_views SET updated_at = '2030-01-01T00:00:00.000Z'").run();
    expect(await key('training_set', trainingSet)).not.toBe(definitions);

    // A file's content, not its time.
    const file = join(project.path, 'rows.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const ingest = { file: 'rows.csv', table: 'rows', mode: 'replace' };
    const imported = await key('ingest', ingest);
    writeFileSync(file, 'a,b\n1,2\n');
    expect(await key('ingest', ingest)).toBe(imported);
    writeFileSync(file, 'a,b\n1,3\n');
    expect(await key('ingest', ingest)).not.toBe(imported);

    // A command step's script.
    const script = join(project.path, 'fit.py');
    writeFileSync(script, 'print(1)\n');
    const command = { run: ['python3', 'fit.py'], inputs: {}, outputs: {}, format: 'csv', env: {} };
    const code = await key('command', command);
    writeFileSync(script, 'print(2)\n');
    expect(await key('command', command)).not.toBe(code);

    // The version an alias points at.
    const predict = { model: 'flight_delays@champion', table: 'departure_labels', into: 'scored' };
    const champion = await key('predict', predict);
    project.db.exec(`
      CREATE TEMP TABLE second AS SELECT * FROM triad_model_versions WHERE model = 'flight_delays' AND version = 1;
      UPDATE second SET version = 2, content_hash = 'another';
      INSERT INTO triad_model_versions SELECT * FROM second;
      UPDATE triad_model_aliases SET version = 2 WHERE model = 'flight_delays' AND alias = 'champion';
    `);
    expect(await key('predict', predict)).not.toBe(champion);
    project.close();
  }, 30_000);
});
