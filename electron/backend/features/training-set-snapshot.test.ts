import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { savedTrainingSet } from '../test-support/saved-training-set.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { applyDefinitions } from './apply-definitions.js';
import { resolveService } from './feature-registry.js';
import { buildTrainingSet } from './historical-retrieval.js';
import { parseDefinitions } from './parse-definitions.js';
import { saveTrainingSet } from './training-set-snapshot.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const DEFINITIONS = `
entities: [{ name: user, join_keys: [user_id] }]
feature_views:
  - { name: spend, entities: [user], source: 'SELECT user_id, ts, amount FROM payments', timestamp_field: ts }
feature_services:
  - { name: risk, features: [spend] }
`;

async function project() {
  const dir = join(temporaryFolder('training'), 'project');
  createProject(dir).close();
  const files = temporaryFolder('files');
  const load = async (table: string, text: string) => {
    writeFileSync(join(files, `${table}.csv`), text);
    await importFile(join(dir, DATABASE_FILE), { file: join(files, `${table}.csv`), table, mode: 'replace' });
  };
  await load('payments', 'user_id,ts,amount\n1,2024-01-01T00:00:00Z,5\n2,2024-01-02T00:00:00Z,7\n');
  await load('many', 'user_id,ts\n1,2024-02-01T00:00:00Z\n2,2024-02-01T00:00:00Z\n1,2023-01-01T00:00:00Z\n');
  await load('few', 'user_id,ts\n2,2024-02-01T00:00:00Z\n');
  const opened = openProject(dir);
  applyDefinitions(opened.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
  return opened;
}

describe('saving a training set', () => {
  it('leaves the old table and record, or the new ones, when it fails at any step', async () => {
    const opened = await project();
    const { db } = opened;
    const build = (entities: string) => buildTrainingSet(db, entities, null, resolveService(db, 'risk'));
    const lineage = (entityTable: string) => ({ table: 'training', service: 'risk', entityTable });
    await saveTrainingSet(db, opened.path, await build('many'), lineage('many'));
    expect(savedTrainingSet(db, opened.path, 'training')).toEqual({ entityTable: 'many', rows: 3 });

    const replacement = await build('few');
    const failures = {
      'writing the table':
        'CREATE TEMP TRIGGER fail BEFORE UPDATE ON triad_tables BEGIN SELECT RAISE(ABORT, "injected"); END',
      'recording it':
        'CREATE TEMP TRIGGER fail BEFORE INSERT ON triad_training_sets BEGIN SELECT RAISE(ABORT, "injected"); END',
    };
    for (const [step, trigger] of Object.entries(failures)) {
      db.exec(trigger);
      await expect(saveTrainingSet(db, opened.path, replacement, lineage('few')), step).rejects.toThrow('injected');
      db.exec('DROP TRIGGER temp.fail');
      expect(savedTrainingSet(db, opened.path, 'training'), step).toEqual({ entityTable: 'many', rows: 3 });
    }
    await saveTrainingSet(db, opened.path, replacement, lineage('few'));
    expect(savedTrainingSet(db, opened.path, 'training')).toEqual({ entityTable: 'few', rows: 1 });
    opened.close();
  });
});
