import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusalReason } from '../../../shared/table-dependents.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { applyDefinitions } from '../features/apply-definitions.js';
import { parseDefinitions } from '../features/parse-definitions.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { dropTable } from './drop-table.js';
import { importFile } from './import-file.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const DEFINITIONS = `
entities: [{ name: customer, join_keys: [customer] }]
feature_views:
  - { name: spend, entities: [customer], source: "SELECT customer, at, amount FROM orders", timestamp_field: at }
  - { name: big_spend, entities: [customer], source: "SELECT * FROM spend WHERE amount > 5", timestamp_field: at }
quality_checks:
  - { name: amount_known, target: orders, column: amount, check: not_null }
  - { name: big_fresh, target: big_spend, column: at, check: not_null }
`;

async function projectWithTables() {
  const dir = join(temporaryFolder('drop'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'orders.csv');
  writeFileSync(file, 'customer,amount,at\nc1,10,2024-01-09T00:00:00Z\nc2,3,2024-01-09T00:00:00Z\n');
  for (const table of ['orders', 'notes']) await importFile(join(dir, DATABASE_FILE), { file, table, mode: 'replace' });
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'd.yaml'), 'd.yaml', false);
  return project;
}

const catalogRows = (db: ReturnType<typeof openProject>['db'], table: string) =>
  ['triad_tables WHERE name', 'triad_columns WHERE table_name', 'triad_imports WHERE table_name'].map(
    (where) => (db.prepare(`SELECT count(*) AS n FROM ${where} = ?`).get(table) as { n: number }).n,
  );

describe('dropTable', () => {
  it('drops a table nothing reads, with its catalog entries', async () => {
    const project = await projectWithTables();
    expect(catalogRows(project.db, 'notes')).toEqual([1, 3, 1]);
    expect(dropTable(project.db, 'NOTES', false)).toEqual({
      table: 'notes',
      dropped: true,
      dependents: { featureViews: [], qualityChecks: [], trainingSets: [] },
    });
    expect(project.db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeUndefined();
    expect(catalogRows(project.db, 'notes')).toEqual([0, 0, 0]);
    project.close();
  });

  it('refuses a table feature views and checks read, naming them, and changes nothing', async () => {
    const project = await projectWithTables();
    const outcome = dropTable(project.db, 'orders', false);
    expect(outcome).toEqual({
      table: 'orders',
      dropped: false,
      dependents: {
        featureViews: ['big_spend', 'spend'],
        qualityChecks: ['amount_known', 'big_fresh'],
        trainingSets: [],
      },
    });
    expect(refusalReason(outcome)).toBe(
      'orders is read by feature views big_spend, spend; quality checks amount_known, big_fresh, so it was not dropped',
    );
    expect(catalogRows(project.db, 'orders')).toEqual([1, 3, 1]);
    expect(project.db.prepare('SELECT count(*) AS n FROM spend').get()).toEqual({ n: 2 });
    project.close();
  });

  it('with force, drops it and reports the definitions left naming it', async () => {
    const project = await projectWithTables();
    expect(dropTable(project.db, 'orders', true).dependents).toEqual({
      featureViews: ['big_spend', 'spend'],
      qualityChecks: ['amount_known', 'big_fresh'],
      trainingSets: [],
    });
    expect(catalogRows(project.db, 'orders')).toEqual([0, 0, 0]);
    expect((project.db.prepare('SELECT count(*) AS n FROM triad_feature_views').get() as { n: number }).n).toBe(2);
    project.close();
  });

  it('says which tables exist when the name is unknown', async () => {
    const project = await projectWithTables();
    expect(() => dropTable(project.db, 'order', false)).toThrow(
      'there is no table named order (tables: notes, orders)',
    );
    project.close();
  });
});
