import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriad, temporaryDir } from './harness.js';

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');
const home = temporaryDir('home');
const work = temporaryDir('work');
const project = join(work.path, 'sample');
/** What every command here says on stderr before anything else: the project it used. */
const PROJECT_LINE = `Project: sample (${project})\n`;

function triad(...args: string[]) {
  return runTriad(home.path, [...args, '--project', project]);
}

/** Customers keyed by a computed id, with event times computed as ISO-8601 text, beside the sample's own. */
const CUSTOMERS = `  - name: customer
    join_keys: [customer_id]
feature_views:
  - name: customer_spend
    entities: [customer]
    source: |
      SELECT rowid AS customer_id,
             printf('%04d-%02d-%02dT%02d:00:00Z', 2020, 1 + rowid % 12, 1 + rowid % 28, rowid % 24) AS obs_ts,
             delay AS spend
      FROM flights WHERE rowid <= 3000
    timestamp_field: obs_ts
  - name: late_spend
    entities: [customer]
    # Past the 1,000 rows triad apply checks, event times in a form that cannot be read.
    source: |
      SELECT rowid AS customer_id,
             CASE WHEN rowid > 2990 THEN 'yesterday' ELSE printf('2020-01-01T%02d:00:00Z', rowid % 24) END AS obs_ts,
             delay AS late_spend
      FROM flights WHERE rowid <= 3000
    timestamp_field: obs_ts
`;

beforeAll(() => {
  const init = runTriad(home.path, ['init', project, '--sample']);
  expect(init.code, init.stderr).toBe(0);
  const definitions = readFileSync(join(project, 'features.yaml'), 'utf8')
    .replace('feature_views:\n', CUSTOMERS)
    .replace(
      'feature_services:\n',
      'feature_services:\n  - name: churn_model\n    features: [customer_spend]\n  - name: late_model\n    features: [late_spend]\n',
    );
  writeFileSync(join(work.path, 'features.yaml'), definitions);
  const applied = triad('apply', join(work.path, 'features.yaml'));
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(() => {
  home.remove();
  work.remove();
});

describe('the feature store from the command line', () => {
  it('materializes event times computed as text, and finds an entity by a key the view computes', () => {
    const materialized = triad('materialize', '--view', 'customer_spend', '--json');
    expect(materialized.stderr).toBe(PROJECT_LINE);
    const run = JSON.parse(materialized.stdout);
    expect(run).toMatchObject([{ view: 'customer_spend', startMs: null, rowsWritten: 3000 }]);
    const again = JSON.parse(triad('materialize', '--view', 'customer_spend', '--json').stdout);
    // The next run starts at the latest event time read, not at the end of the last window.
    expect(again[0].startMs).toBe(Date.parse('2020-12-28T23:00:00Z'));

    const found = triad('features', 'get', '--service', 'churn_model', '--entity', 'customer_id=42', '--json');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      entity: { customer_id: 42 },
      status: 'found',
      features: [{ feature: 'spend', status: 'present', eventTs: Date.parse('2020-07-15T18:00:00Z') }],
    });
    const human = triad('features', 'get', '--service', 'churn_model', '--entity', 'customer_id=42');
    expect(human.stdout).toMatch(/^customer_id=42: found in every feature view \(as of .*\)\nspend +-?\d+ +present/);
  });

  it('tells an entity missing from the online store apart, with exit code 1', () => {
    const missing = triad('features', 'get', '--service', 'churn_model', '--entity', 'customer_id=999999', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      status: 'not_found',
      features: [{ feature: 'spend', value: null, status: 'not_found', eventTs: null }],
    });
    expect(missing.stderr).toBe(
      `${PROJECT_LINE}triad: customer_id=999999 is not in the online store of service churn_model (no feature view has materialized it)\n`,
    );
    const notANumber = triad('features', 'get', '--service', 'churn_model', '--entity', 'customer_id=abc');
    expect(notANumber.code).toBe(1);
    expect(notANumber.stderr).toBe(
      `${PROJECT_LINE}triad: customer_id is a number key in feature view customer_spend; "abc" is not a number\n`,
    );
  });

  it('never reports a value from after --at as present', () => {
    // The sample's online store holds each airport's last departure, in 2001-03/04.
    const asked = triad(
      'features',
      'get',
      '--service',
      'delay_prediction',
      '--entity',
      'origin=LAX',
      '--at',
      '2001-01-02T12:00Z',
      '--json',
    );
    expect(asked.code).toBe(0);
    const lookup = JSON.parse(asked.stdout);
    expect(lookup.atMs).toBe(Date.parse('2001-01-02T12:00:00Z'));
    for (const feature of lookup.features) {
      expect(feature.eventTs).toBeGreaterThan(lookup.atMs);
      expect(feature).toMatchObject({ status: 'future', value: null });
    }
  });

  it('builds a training set from a view whose event times are text', () => {
    // Each customer asked about at the time of its row, and an hour before it (when nothing was known yet).
    const lines = ['customer_id,event_timestamp'];
    for (let id = 1; id <= 100; id += 1) {
      const at = Date.UTC(2020, id % 12, 1 + (id % 28), id % 24);
      lines.push(`${id},${new Date(at).toISOString()}`, `${id},${new Date(at - 3_600_000).toISOString()}`);
    }
    const entities = join(work.path, 'customers.csv');
    writeFileSync(entities, `${lines.join('\n')}\n`);
    const built = triad('features', 'history', '--entities', entities, '--service', 'churn_model', '--json');
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe(PROJECT_LINE);
    expect(JSON.parse(built.stdout)).toMatchObject({ rows: 200, features: [{ feature: 'spend', present: 100 }] });
  });

  it('reports the rows it skips because their event time cannot be read, when materializing and building', () => {
    const warning = 'warning: late_spend: 10 rows skipped: their event time is not epoch ms or ISO-8601 text';
    const run = triad('materialize', '--view', 'late_spend');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^late_spend: 2,990 entities updated from /);
    expect(run.stdout).toContain(warning);
    const entities = join(work.path, 'late.csv');
    writeFileSync(entities, 'customer_id,event_timestamp\n5,2021-01-01T00:00:00Z\n2995,2021-01-01T00:00:00Z\n');
    const built = triad('features', 'history', '--entities', entities, '--service', 'late_model');
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(warning);
    const json = triad('features', 'history', '--entities', entities, '--service', 'late_model', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      features: [{ feature: 'late_spend', present: 1 }],
      skipped: [{ view: 'late_spend', entityRowsWithInvalidKeys: 0, featureRowsWithUnreadableTime: 10 }],
    });
  });

  it('re-imports fresh data into a table feature views read, and refuses a file that would break them', () => {
    const flights = JSON.parse(readFileSync(join(VEGA, 'flights-2k.json'), 'utf8')) as object[];
    const fresh = join(work.path, 'flights.ndjson');
    writeFileSync(fresh, flights.map((flight) => JSON.stringify(flight)).join('\n'));
    const replaced = triad('ingest', fresh, '--table', 'flights', '--mode', 'replace', '--json');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toBe(PROJECT_LINE);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ rowsImported: 2000 });
    const count = (view: string) =>
      JSON.parse(triad('sql', `SELECT count(*) FROM ${view}`, '--json').stdout).rows[0][0] as number;
    expect(count('airport_departures')).toBe(2000);
    expect(count('customer_spend')).toBe(2000);

    const withoutDelay = join(work.path, 'no-delay.csv');
    writeFileSync(withoutDelay, 'date,origin,destination,distance\n2001/01/01 10:00,SFO,LAX,337\n');
    const refused = triad('ingest', withoutDelay, '--table', 'flights', '--mode', 'replace');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'replacing flights with these columns would break the feature definitions, so nothing was imported: feature view airport_departures: SQL error: no such column: delay',
    );
    expect(count('airport_departures')).toBe(2000);
  });
});
