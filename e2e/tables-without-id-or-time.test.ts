import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriad, temporaryDir } from './harness.js';

const ROOT = join(import.meta.dirname, '..');
const VEGA = join(ROOT, 'node_modules', 'vega-datasets', 'data');
const home = temporaryDir('home');
const work = temporaryDir('work');
const project = join(work.path, 'project');

function triad(...args: string[]) {
  return runTriad(home.path, [...args, '--project', project]);
}

/** The definitions docs/feature-definitions.md gives for tables without an id or a timestamp. */
function documentedDefinitions(): string {
  const docs = readFileSync(join(ROOT, 'docs', 'feature-definitions.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Tables without an id or a timestamp'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('the docs lost their example for tables without an id or a timestamp');
  return block;
}

function rows(sql: string): unknown[][] {
  const result = triad('sql', sql, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).rows;
}

beforeAll(() => {
  const init = runTriad(home.path, ['init', project]);
  expect(init.code, init.stderr).toBe(0);
  for (const table of ['cars', 'penguins']) {
    const file = join(work.path, `${table}.ndjson`);
    const records = JSON.parse(readFileSync(join(VEGA, `${table}.json`), 'utf8')) as object[];
    writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
    const imported = triad('ingest', file, '--table', table);
    expect(imported.code, imported.stderr).toBe(0);
  }
});

afterAll(() => {
  home.remove();
  work.remove();
});

describe('the documented advice for tables without an id or a timestamp, on real tables', () => {
  it('applies the documented definitions', () => {
    const file = join(work.path, 'features.yaml');
    writeFileSync(file, documentedDefinitions());
    const applied = triad('apply', file);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied 6 changes.');
  });

  it('builds a training set with cars, which has no id, as the entity table, with features as of each car’s year', () => {
    const built = triad(
      'features',
      'history',
      '--entities',
      'cars',
      '--service',
      'car_model',
      '--timestamp-column',
      'Year',
    );
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(
      /^Training set training_car_model: 406 rows from cars, 2 features of service car_model\./,
    );
    // A car of 1971 sees its origin's 1970 models, known once 1970 was over; 1970's cars see nothing yet.
    const models1970 = rows("SELECT count(*) FROM cars WHERE Origin = 'USA' AND Year = 0")[0]?.[0];
    expect(models1970).toBeGreaterThan(0);
    expect(
      rows(
        `SELECT strftime('%Y', Year / 1000, 'unixepoch') AS model_year, min(models), max(models), count(*)
         FROM training_car_model WHERE Origin = 'USA' AND model_year IN ('1970', '1971')
         GROUP BY model_year ORDER BY model_year`,
      ),
    ).toEqual([
      ['1970', null, null, models1970],
      ['1971', models1970, models1970, expect.any(Number)],
    ]);
  });

  it('serves penguins’ values, which have no time, at any time; and refuses penguins as entity rows without one', () => {
    const refused = triad('features', 'history', '--entities', 'penguins', '--service', 'penguin_model');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the entity table penguins has no timestamp column');
    const observations = join(work.path, 'observations.csv');
    writeFileSync(
      observations,
      'Species,observed_at\nAdelie,2009-11-09T00:00:00Z\nGentoo,2024-05-01T12:00:00Z\nEmperor,2024-05-01T12:00:00Z\n',
    );
    const built = triad('features', 'history', '--entities', observations, '--service', 'penguin_model');
    expect(built.code, built.stderr).toBe(0);
    const expected = (species: string) =>
      rows(`SELECT avg("Body Mass (g)") FROM penguins WHERE Species = '${species}'`)[0]?.[0];
    expect(rows('SELECT Species, avg_body_mass_g FROM training_penguin_model')).toEqual([
      ['Adelie', expected('Adelie')],
      ['Gentoo', expected('Gentoo')],
      ['Emperor', null],
    ]);
  });
});
