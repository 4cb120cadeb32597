import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { ingestFile } from '../ingest/ingest.js';
import { connectDatabase, createProject, DATABASE_FILE, openProject } from '../project/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
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

async function paymentsProject(rows: string[]) {
  const dir = join(temporaryFolder('online'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'payments.csv');
  writeFileSync(file, `user_id,region,ts,created,amount,note\n${rows.join('\n')}\n`);
  await ingestFile(join(dir, DATABASE_FILE), { file, table: 'payments', mode: 'replace' }, {}, connectDatabase);
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
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
    expect(reader.get({ user_id: '1', region: 'eu' }, T0 + 2 * DAY)).toEqual([
      { view: 'spend', feature: 'amount', value: 12, status: 'present', eventTs: T0 + DAY },
      { view: 'spend', feature: 'note', value: null, status: 'null', eventTs: T0 + DAY },
    ]);
    expect(reader.get({ user_id: 2, region: 'eu' }, T0 + 5 * DAY).map((feature) => feature.status)).toEqual([
      'outside_ttl',
      'outside_ttl',
    ]);
    expect(reader.get({ user_id: 3, region: 'eu' }, T0).map((feature) => feature.status)).toEqual([
      'not_found',
      'not_found',
    ]);
    expect(() => reader.get({ user_id: 1 }, T0)).toThrow(
      new TriadError('invalid_input', 'the entity needs region, the join key of feature view spend'),
    );
    project.close();
  });

  it('materializes incrementally from the watermark, never replacing a newer value with an older one', async () => {
    const project = await paymentsProject([`1,eu,${day(0)},${day(0)},10,a`, `1,eu,${day(5)},${day(5)},15,b`]);
    materialize(project.db, ['spend'], () => ({ startMs: T0 + 4 * DAY, endMs: T0 + 6 * DAY }));
    expect(watermark(project.db, 'spend')).toBe(T0 + 6 * DAY);
    materialize(project.db, ['spend'], () => ({ startMs: null, endMs: T0 + DAY }));
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 1, region: 'eu' }, T0 + 5 * DAY)[0]).toMatchObject({ value: 15, status: 'present' });
    project.close();
  });

  it('reports its stages and writes many entities in chunks, counting each chunk', async () => {
    const users = 120_001;
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
      { ...base, stage: 'writing', entitiesWritten: 50_000, entitiesToWrite: users },
      { ...base, stage: 'writing', entitiesWritten: 100_000, entitiesToWrite: users },
      { ...base, stage: 'writing', entitiesWritten: users, entitiesToWrite: users },
    ]);
    const reader = new OnlineReader(project.db, resolveService(project.db, 'risk'));
    expect(reader.get({ user_id: 120_000, region: 'eu' }, T0 + DAY)[0]).toMatchObject({ value: 120_000 });
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
});
