import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { applyDefinitions } from '../features/apply-definitions.js';
import { materialize } from '../features/materialize.js';
import { DefinitionsError, parseDefinitions } from '../features/parse-definitions.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { runQualityChecks } from './quality-checks.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const NOW = Date.UTC(2024, 0, 10);

async function ordersProject(definitions: string) {
  const dir = join(temporaryFolder('quality'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'orders.csv');
  writeFileSync(
    file,
    'id,customer,status,amount,at\n1,c1,paid,10,2024-01-09T00:00:00Z\n2,c2,paid,-5,2024-01-09T00:00:00Z\n2,,lost,99999,2024-01-01T00:00:00Z\n4,C-4,refunded,20,2024-01-09T12:00:00Z\n',
  );
  await importFile(join(dir, DATABASE_FILE), { file, table: 'orders', mode: 'replace' });
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(definitions, 'q.yaml'), 'q.yaml', false);
  return project;
}

const CHECKS = `
entities: [{ name: customer, join_keys: [customer] }]
feature_views:
  - { name: spend, entities: [customer], source: "SELECT customer, at, amount FROM orders", timestamp_field: at }
quality_checks:
  - { name: id_unique, target: orders, column: id, check: unique }
  - { name: customer_known, target: orders, column: customer, check: not_null }
  - { name: amount_range, target: orders, column: amount, check: range, min: 0, max: 1000 }
  - { name: status_known, target: orders, column: status, check: allowed_values, values: [paid, refunded] }
  - { name: customer_format, target: orders, column: customer, check: regex, pattern: "^c[0-9]+$" }
  - { name: spend_fresh, target: spend, column: at, check: freshness, max_age: 1d, blocking: true }
`;

describe('quality checks', () => {
  it('counts rows as people read them: thousands separated, one row in the singular', async () => {
    const dir = join(temporaryFolder('quality'), 'project');
    createProject(dir).close();
    const file = join(temporaryFolder('files'), 'amounts.csv');
    const amounts = Array.from({ length: 1500 }, (_, index) => (index === 7 ? -1 : 10));
    writeFileSync(file, `amount\n${amounts.join('\n')}\n`);
    await importFile(join(dir, DATABASE_FILE), { file, table: 'amounts', mode: 'replace' });
    const project = openProject(dir);
    const checks = (min: number) =>
      `quality_checks:\n  - { name: positive, target: amounts, column: amount, check: range, min: ${min}, max: 100 }\n`;
    applyDefinitions(project.db, parseDefinitions(checks(-5), 'q.yaml'), 'q.yaml', false);
    expect(runQualityChecks(project.db, null, 'test', NOW)[0]?.detail).toBe('all 1,500 rows pass');
    applyDefinitions(project.db, parseDefinitions(checks(0), 'q.yaml'), 'q.yaml', false);
    expect(runQualityChecks(project.db, null, 'test', NOW)[0]?.detail).toBe('1 of 1,500 rows fails, e.g. -1');
    project.close();
  });

  it('runs each kind of check and says what failed, with examples', async () => {
    const project = await ordersProject(CHECKS);
    const results = runQualityChecks(project.db, null, 'test', NOW);
    expect(results.map((result) => [result.check, result.status, result.detail])).toEqual([
      ['amount_range', 'failed', '2 of 4 rows fail, e.g. -5, 99999'],
      ['customer_format', 'failed', '1 of 4 rows fails, e.g. "C-4"'],
      ['customer_known', 'failed', '1 of 4 rows fails, e.g. null'],
      ['id_unique', 'failed', '1 repeated value, e.g. 2 ×2'],
      ['spend_fresh', 'passed', 'the newest row is from 2024-01-09T12:00:00.000Z, 12.0 hours old (limit 1d)'],
      ['status_known', 'failed', '1 of 4 rows fails, e.g. "lost"'],
    ]);
    expect(project.db.prepare("SELECT count(*) AS n FROM triad_check_results WHERE trigger = 'test'").get()).toEqual({
      n: 6,
    });
    project.close();
  });

  it('stops materialization when a blocking check fails, writing nothing', async () => {
    const project = await ordersProject(CHECKS.replace('max_age: 1d', 'max_age: 1h'));
    expect(() => materialize(project.db, ['spend'], () => ({ startMs: null, endMs: NOW }))).toThrow(
      /^materialization of spend stopped: blocking quality check spend_fresh on spend\.at failed: the newest row is from 2024-01-09T12:00:00\.000Z/,
    );
    expect(project.db.prepare('SELECT count(*) AS n FROM triad_materializations').get()).toEqual({ n: 0 });
    project.close();
  });

  it('refuses checks on unknown targets or columns, and checks missing their parameters', async () => {
    const project = await ordersProject('');
    const bad = `quality_checks:
  - { name: a, target: nowhere, column: x, check: not_null }
  - { name: b, target: orders, column: nope, check: unique }
`;
    expect(() => applyDefinitions(project.db, parseDefinitions(bad, 'q.yaml'), 'q.yaml', false)).toThrow(
      'q.yaml:2: quality check a targets nowhere, which is neither a table nor a feature view\nq.yaml:3: quality check b: orders has no column nope',
    );
    expect(() =>
      parseDefinitions('quality_checks:\n  - { name: r, target: orders, column: amount, check: range }\n', 'q.yaml'),
    ).toThrow(DefinitionsError);
    expect(() =>
      parseDefinitions(
        'quality_checks:\n  - { name: r, target: orders, column: amount, check: regex, pattern: "(" }\n',
        'q.yaml',
      ),
    ).toThrow('not a valid regular expression');
    project.close();
  });
});
