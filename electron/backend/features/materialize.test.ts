import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EntityKey } from '../../../shared/contract/schemas.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { applyDefinitions } from './apply-definitions.js';
import { resolveService } from './feature-registry.js';
import { materialize, watermark } from './materialize.js';
import { OnlineReader } from './online-retrieval.js';
import { parseDefinitions } from './parse-definitions.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

const DEFINITIONS = `
entities: [{ name: user, join_keys: [user_id, region] }]
feature_views:
  - name: spend
    entities: [user]
    source: SELECT user_id, region, ts, created, amount, note FROM payments
    timestamp_field: ts
    created_timestamp_column: created
    ttl: 2d
feature_services:
  - { name: risk, features: [spend] }
`;

async function paymentsProject(rows: string[], definitions = DEFINITIONS) {
  const dir = join(temporaryFolder('online'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'payments.csv');
  writeFileSync(file, `user_id,region,ts,created,amount,note\n${rows.join('\n')}\n`);
  await importFile(join(dir, DATABASE_FILE), { file, table: 'payments', mode: 'replace' });
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(definitions, 'f.yaml'), 'f.yaml', false);
  return project;
}

const day = (n: number) => new Date(T0 + n * DAY).toISOString();

describe('materialization and online retrieval', () => {
  it('keeps the latest row per composite key, ties broken by created time, and reports each status', async () => {
    const project = await paymentsProject([
      `1,eu,${day(0)},${day(0)},10,a`,
      `1,eu,${day(1)},${day(1)},11,b`,
      `1,eu,${day(1)},${day(2)},12,`,
      `1,us,${day(3)},${day(3)},30,c`,
      `2,eu,${day(0)},${day(0)},20,d`,
    ]);
    const [result] = materialize(project.db, ['spend'], () => ({ startMs: null, endMs: T0 + 10 * DAY }));
    expect(result?.rowsWritten).toBe(3);
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: '1', region: 'eu' }, T0 + 2 * DAY)).toEqual({
      entity: { user_id: 1, region: 'eu' },
      status: 'found',
      atMs: T0 + 2 * DAY,
      features: [
        { view: 'spend', feature: 'amount', value: 12, status: 'present', eventTs: T0 + DAY },
        { view: 'spend', feature: 'note', value: null, status: 'null', eventTs: T0 + DAY },
      ],
    });
    const statuses = (entity: EntityKey, atMs: number) => {
      const lookup = reader.get(entity, atMs);
      return [lookup.status, ...lookup.features.map((feature) => feature.status)];
    };
    expect(statuses({ user_id: 2, region: 'eu' }, T0 + 5 * DAY)).toEqual(['found', 'outside_ttl', 'outside_ttl']);
    expect(statuses({ user_id: 3, region: 'eu' }, T0)).toEqual(['not_found', 'not_found', 'not_found']);
    // The stored value became true on day 1: as of day 0 it is not yet the value.
    expect(statuses({ user_id: 1, region: 'eu' }, T0)).toEqual(['found', 'future', 'future']);
    expect(() => reader.get({ user_id: 1 }, T0)).toThrow(
      new TriadError('invalid_input', 'the entity needs region, the join key of feature view spend'),
    );
    project.close();
  });

  it('materializes incrementally from the watermark, never replacing a newer value with an older one', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `1,eu,${day(5)},${day(5)},15,b`]);
    materialize(project.db, ['spend'], () => ({ startMs: T0 + 4 * DAY, endMs: T0 + 6 * DAY }));
    expect(watermark(project.db, 'spend')).toBe(T0 + 5 * DAY);
    materialize(project.db, ['spend'], () => ({ startMs: null, endMs: T0 + DAY }));
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 1, region: 'eu' }, T0 + 5 * DAY).features[0]).toMatchObject({
      value: 15,
      status: 'present',
    });
    project.close();
  });

  it('counts only entities whose stored value changed when a run reads the watermark row again', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `2,eu,${day(1)},${day(1)},20,b`]);
    const incremental = () => materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    expect(incremental()[0]?.rowsWritten).toBe(2);
    expect(incremental()[0]?.rowsWritten).toBe(0);
    project.db.exec('UPDATE payments SET amount = 21 WHERE user_id = 2');
    expect(incremental()[0]?.rowsWritten).toBe(1);
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 2, region: 'eu' }, T0 + 2 * DAY).features[0]).toMatchObject({ value: 21 });
    project.close();
  });

  it('stages a large run beside the online table, in chunks, swaps it in, and updates it again incrementally', async () => {
    const users = 25_001;
    const project = await paymentsProject(
      Array.from({ length: users }, (_, user) => `${user},eu,${day(user % 3)},${day(user % 3)},${user},n`),
    );
    const progress: unknown[] = [];
    const [result] = materialize(
      project.db,
      ['spend'],
      () => ({ startMs: null, endMs: T0 + 10 * DAY }),
      (report) => progress.push(report),
    );
    expect(result?.rowsWritten).toBe(users);
    const base = { view: 'spend', viewIndex: 0, viewCount: 1 };
    expect(progress).toEqual([
      { ...base, stage: 'checking', entitiesWritten: 0, entitiesToWrite: null },
      { ...base, stage: 'selecting', entitiesWritten: 0, entitiesToWrite: null },
      { ...base, stage: 'writing', entitiesWritten: 10_000, entitiesToWrite: users },
      { ...base, stage: 'writing', entitiesWritten: 20_000, entitiesToWrite: users },
      { ...base, stage: 'writing', entitiesWritten: users, entitiesToWrite: users },
    ]);
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 25_000, region: 'eu' }, T0 + DAY).features[0]).toMatchObject({ value: 25_000 });
    const leftovers = () =>
      project.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE name LIKE 'triad\\_staging\\_%' ESCAPE '\\' OR name LIKE 'triad\\_retired\\_%' ESCAPE '\\'",
        )
        .all();
    expect(leftovers()).toEqual([]);

    // A later run over 12,000 of the users: the staged table starts from every stored entity.
    project.db
      .prepare(
        `INSERT INTO payments SELECT user_id, region, ?, ?, amount + 1, note FROM payments WHERE user_id < 12000`,
      )
      .run(day(5), day(5));
    const [again] = materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    expect(again?.rowsWritten).toBe(12_000);
    expect(project.db.prepare('SELECT count(*) FROM triad_online__spend').pluck().get()).toBe(users);
    const later = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(later.get({ user_id: 11_999, region: 'eu' }, T0 + 6 * DAY).features[0]).toMatchObject({ value: 12_000 });
    expect(later.get({ user_id: 12_000, region: 'eu' }, T0 + 2 * DAY).features[0]).toMatchObject({ value: 12_000 });
    expect(leftovers()).toEqual([]);
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
    project.close();
  });

  it('refuses to read a view that was never materialized, and an empty window', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`]);
    expect(() => new OnlineReader(project.db, resolveService(project.db, 'risk'))).toThrow(
      'feature view spend has not been materialized: run triad materialize',
    );
    expect(() => materialize(project.db, ['spend'], () => ({ startMs: T0, endMs: T0 }))).toThrow(
      'nothing to materialize for spend',
    );
    project.close();
  });

  it('finds entities whose key the view computes, given as text or number, and says which are not there', async () => {
    const computedKeys = `
entities:
  - { name: customer, join_keys: [customer_id] }
  - { name: account, join_keys: [account] }
feature_views:
  - name: by_customer
    entities: [customer]
    source: SELECT rowid AS customer_id, ts, amount FROM payments
    timestamp_field: ts
  - name: by_account
    entities: [account]
    source: SELECT user_id || '-' || region AS account, ts, amount AS account_amount FROM payments
    timestamp_field: ts
feature_services:
  - { name: churn, features: [by_customer] }
  - { name: accounts, features: [by_account] }
`;
    const project = await paymentsProject(
      Array.from({ length: 3000 }, (_, row) => `${row % 50},eu,${day(row % 5)},${day(row % 5)},${row},n`),
      computedKeys,
    );
    materialize(project.db, ['by_customer', 'by_account'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    const customers = new OnlineReader(project.db, resolveService(project.db, 'churn'));
    for (const key of ['42', 42, ' 42']) {
      expect(customers.get({ customer_id: key }, T0 + 10 * DAY)).toMatchObject({
        entity: { customer_id: 42 },
        status: 'found',
        features: [{ feature: 'amount', value: 41, status: 'present' }],
      });
    }
    expect(customers.get({ customer_id: '3001' }, T0 + 10 * DAY)).toMatchObject({
      status: 'not_found',
      features: [{ status: 'not_found', eventTs: null }],
    });
    expect(() => customers.get({ customer_id: 'abc' }, T0)).toThrow(
      new TriadError('invalid_input', 'customer_id is a number key in feature view by_customer; "abc" is not a number'),
    );
    const accounts = new OnlineReader(project.db, resolveService(project.db, 'accounts'));
    expect(accounts.get({ account: '7-eu' }, T0 + 10 * DAY)).toMatchObject({ status: 'found' });
    expect(project.db.prepare("SELECT type FROM pragma_table_info('triad_online__by_customer') LIMIT 1").get()).toEqual(
      { type: 'INTEGER' },
    );
    expect(project.db.prepare("SELECT type FROM pragma_table_info('triad_online__by_account') LIMIT 1").get()).toEqual({
      type: 'TEXT',
    });
    project.close();
  });

  it('tells an entity found in some views only from one found in all', async () => {
    const twoViews = `${DEFINITIONS.replace(
      'feature_services:',
      `  - name: recent
    entities: [user]
    source: SELECT user_id, region, ts, amount AS recent_amount FROM payments WHERE user_id = 1
    timestamp_field: ts
feature_services:`,
    )}  - { name: both, features: [spend, recent] }
`;
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `2,eu,${day(0)},${day(0)},20,b`], twoViews);
    materialize(project.db, ['spend', 'recent'], () => ({ startMs: null, endMs: T0 + DAY }));
    const reader = new OnlineReader(project.db, resolveService(project.db, 'both'));
    expect(reader.get({ user_id: 1, region: 'eu' }, T0).status).toBe('found');
    expect(reader.get({ user_id: 2, region: 'eu' }, T0)).toMatchObject({
      status: 'partly_found',
      features: [{ status: 'present' }, { status: 'present' }, { view: 'recent', status: 'not_found' }],
    });
    project.close();
  });

  it('materializes event times computed as ISO-8601 text, and moves the watermark only as far as rows read', async () => {
    const textTimes = DEFINITIONS.replace(
      'source: SELECT user_id, region, ts, created, amount, note FROM payments',
      "source: SELECT user_id, region, strftime('%Y-%m-%dT%H:%M:%SZ', ts / 1000, 'unixepoch') AS obs_ts, printf('%sZ', replace(datetime(created / 1000, 'unixepoch'), ' ', 'T')) AS created, amount, note FROM payments",
    ).replace('timestamp_field: ts', 'timestamp_field: obs_ts');
    const project = await paymentsProject(
      [`1,eu,${day(0)},${day(0)},10,a`, `2,eu,${day(3)},${day(3)},20,b`],
      textTimes,
    );
    // A run over a window with no rows reads nothing and leaves the watermark unset.
    expect(materialize(project.db, ['spend'], () => ({ startMs: null, endMs: T0 - DAY }))[0]?.rowsWritten).toBe(0);
    expect(watermark(project.db, 'spend')).toBeNull();
    const [first] = materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    expect(first).toMatchObject({ startMs: null, rowsWritten: 2 });
    expect(watermark(project.db, 'spend')).toBe(T0 + 3 * DAY);
    // A row that arrives late, older than the run's end but newer than what it read, is read next time.
    project.db
      .prepare('INSERT INTO payments (user_id, region, ts, created, amount, note) VALUES (?, ?, ?, ?, ?, ?)')
      .run(1, 'eu', T0 + 5 * DAY, T0 + 5 * DAY, 15, 'late');
    const [second] = materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    // User 2's row at the watermark is read again but is unchanged, so only user 1 counts.
    expect(second).toMatchObject({ startMs: T0 + 3 * DAY, rowsWritten: 1 });
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 1, region: 'eu' }, T0 + 5 * DAY).features[0]).toMatchObject({
      value: 15,
      eventTs: T0 + 5 * DAY,
    });
    expect(watermark(project.db, 'spend')).toBe(T0 + 5 * DAY);
    project.close();
  });

  it('counts and records the rows it skips because their event time is neither epoch ms nor ISO-8601 text', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `2,eu,${day(3)},${day(3)},20,b`]);
    // Rows added after triad apply checked the view: two times in other forms, one missing time (not counted).
    const insert = project.db.prepare(
      'INSERT INTO payments (user_id, region, ts, created, amount, note) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(3, 'eu', 'yesterday', T0, 30, 'c');
    insert.run(1, 'eu', '05/01/2024', T0, 11, 'd');
    insert.run(4, 'eu', null, T0, 40, 'e');
    const [run] = materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    expect(run).toMatchObject({ rowsWritten: 2, rowsSkipped: 2 });
    expect(project.db.prepare('SELECT rows_written, rows_skipped FROM triad_materializations').all()).toEqual([
      { rows_written: 2, rows_skipped: 2 },
    ]);
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 3, region: 'eu' }, T0 + 5 * DAY).status).toBe('not_found');
    expect(reader.get({ user_id: 1, region: 'eu' }, T0 + DAY).features[0]).toMatchObject({ value: 10, eventTs: T0 });
    // They stay unreadable, so every run that reads the view says so again.
    const [again] = materialize(project.db, ['spend'], () => ({ startMs: T0 + 2 * DAY, endMs: T0 + 10 * DAY }));
    expect(again?.rowsSkipped).toBe(2);
    project.close();
  });

  it('rebuilds an online table whose keys have no type, reading the view from the beginning', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `2,eu,${day(3)},${day(3)},20,b`]);
    materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    // As earlier versions made it: untyped keys, and holding only some of the entities.
    project.db.exec(`DROP TABLE triad_online__spend;
      CREATE TABLE triad_online__spend (user_id, region, __event_ts INTEGER NOT NULL, __created_ts INTEGER, amount, note,
        PRIMARY KEY (user_id, region)) WITHOUT ROWID`);
    const [run] = materialize(project.db, ['spend'], () => ({ incremental: true, endMs: T0 + 10 * DAY }));
    expect(run).toMatchObject({ startMs: null, rowsWritten: 2 });
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: '1', region: 'eu' }, T0).status).toBe('found');
    project.close();
  });
});
