import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { applyDefinitions } from '../features/apply-definitions.js';
import { parseDefinitions } from '../features/parse-definitions.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from './import-file.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const DEFINITIONS = `
entities: [{ name: user, join_keys: [user_id] }]
feature_views:
  - name: spend
    entities: [user]
    source: SELECT user_id, ts, amount FROM payments
    timestamp_field: ts
  - name: big_spend
    entities: [user]
    source: SELECT user_id, ts, amount AS big_amount FROM spend WHERE amount > 10
    timestamp_field: ts
quality_checks:
  - { name: amount_known, target: payments, column: amount, check: not_null }
`;

async function paymentsProject() {
  const dir = join(temporaryFolder('replace'), 'project');
  createProject(dir).close();
  const files = temporaryFolder('files');
  const write = (name: string, text: string) => {
    writeFileSync(join(files, name), text);
    return join(files, name);
  };
  const dbFile = join(dir, DATABASE_FILE);
  const replace = (file: string, onProgress?: () => void) =>
    importFile(dbFile, { file, table: 'payments', mode: 'replace' }, { onProgress });
  await replace(write('first.csv', 'user_id,ts,amount\n1,2024-01-01T00:00:00Z,5\n2,2024-01-02T00:00:00Z,50\n'));
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
  return { project, write, replace };
}

describe('replacing a table that feature views read', () => {
  it('keeps the views, which then read the new rows', async () => {
    const { project, write, replace } = await paymentsProject();
    const result = await replace(
      write('second.csv', 'user_id,ts,amount,note\n3,2024-02-01T00:00:00Z,70,x\n4,2024-02-02T00:00:00Z,1,y\n'),
    );
    expect(result.rowsImported).toBe(2);
    expect(project.db.prepare('SELECT user_id, amount FROM spend ORDER BY user_id').all()).toEqual([
      { user_id: 3, amount: 70 },
      { user_id: 4, amount: 1 },
    ]);
    expect(project.db.prepare('SELECT user_id FROM big_spend').all()).toEqual([{ user_id: 3 }]);
    expect(
      project.db.prepare("SELECT name FROM triad_columns WHERE table_name = 'payments' ORDER BY position").all(),
    ).toEqual([{ name: 'user_id' }, { name: 'ts' }, { name: 'amount' }, { name: 'note' }]);
    project.close();
  });

  it('refuses, before importing a row, a file without a column a view reads, naming the views', async () => {
    const { project, write, replace } = await paymentsProject();
    const batches: unknown[] = [];
    const refused = replace(write('renamed.csv', 'user_id,ts,total\n9,2024-03-01T00:00:00Z,1\n'), () =>
      batches.push('batch'),
    );
    await expect(refused).rejects.toThrow(
      'replacing payments with these columns would break the feature definitions, so nothing was imported: ' +
        'feature view spend: SQL error: no such column: amount; ' +
        'feature view big_spend reads feature view spend, which has errors; ' +
        'quality check amount_known: payments has no column amount. ' +
        'Change the definitions (triad apply) or import the columns they read.',
    );
    expect(batches).toEqual([]);
    expect(project.db.prepare('SELECT user_id, amount FROM spend ORDER BY user_id').all()).toEqual([
      { user_id: 1, amount: 5 },
      { user_id: 2, amount: 50 },
    ]);
    expect(
      project.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'triad\\_staging\\_%' ESCAPE '\\'").all(),
    ).toEqual([]);
    expect(project.db.prepare('SELECT * FROM triad_staging').all()).toEqual([]);
    project.close();
  });

  it('refuses a file whose column a view uses as its timestamp no longer holds timestamps', async () => {
    const { project, write, replace } = await paymentsProject();
    await expect(replace(write('text-times.csv', 'user_id,ts,amount\n1,soon,5\n'))).rejects.toThrow(
      'feature view spend: timestamp_field ts is a column of type text; it must hold timestamps',
    );
    expect(project.db.prepare("SELECT type FROM triad_columns WHERE name = 'ts'").get()).toEqual({ type: 'timestamp' });
    project.close();
  });
});
