import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriadOk, temporaryDir } from './harness.js';

// Large enough that the built CLI reads the feature view in worker threads, in two passes.
const ENTITIES = 1000;
const MINUTES = 600;
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

const home = temporaryDir('home');
const work = temporaryDir('work');
const project = join(work.path, 'project');

function triad(...args: string[]) {
  return runTriadOk(home.path, [...args, '--project', project]);
}

let knownLabels = 0;
const sql = (query: string) => JSON.parse(triad('sql', query, '--json')).rows as unknown[][];

beforeAll(() => {
  runTriadOk(home.path, ['init', project]);
  // Every entity has a reading each minute; reading i of minute m holds m * 1000 + entity.
  const events = ['entity,at,reading'];
  for (let minute = 0; minute < MINUTES; minute += 1)
    for (let entity = 0; entity < ENTITIES; entity += 1)
      events.push(`${entity},${new Date(T0 + minute * MINUTE).toISOString()},${minute * 1000 + entity}`);
  writeFileSync(join(work.path, 'events.csv'), `${events.join('\n')}\n`);
  // Labels half a minute after a reading expect that reading; some ask before any reading, or for no entity.
  const labels = ['entity,asked_at,expected'];
  for (let row = 0; row < 3000; row += 1) {
    const entity = (row * 7919) % (ENTITIES + 10);
    const minute = (row * 104_729) % MINUTES;
    const known = entity < ENTITIES;
    if (known) knownLabels += 1;
    labels.push(
      `${entity},${new Date(T0 + minute * MINUTE + 30_000).toISOString()},${known ? minute * 1000 + entity : ''}`,
    );
  }
  labels.push(`1,${new Date(T0 - MINUTE).toISOString()},`);
  writeFileSync(join(work.path, 'labels.csv'), `${labels.join('\n')}\n`);
  triad('ingest', join(work.path, 'events.csv'), '--table', 'events');
  triad('ingest', join(work.path, 'labels.csv'), '--table', 'labels', '--type', 'expected=integer');
  writeFileSync(
    join(work.path, 'features.yaml'),
    `entities: [{ name: sensor, join_keys: [entity] }]
feature_views:
  - { name: readings, entities: [sensor], source: "SELECT entity, at, reading FROM events", timestamp_field: at, ttl: 1h }
  - name: shuffled_readings
    entities: [sensor]
    source: SELECT entity, at, reading AS shuffled FROM events ORDER BY random()
    timestamp_field: at
    ttl: 1h
feature_services:
  - { name: plain, features: [readings] }
  - { name: shuffled, features: [shuffled_readings] }
`,
  );
  triad('apply', join(work.path, 'features.yaml'));
}, 120_000);

afterAll(() => {
  home.remove();
  work.remove();
});

describe('training sets from a 600,000-row feature view', () => {
  it('match every entity row with its reading when the view is read in slices, in two passes', () => {
    triad('features', 'history', '--entities', 'labels', '--service', 'plain', '--table', 'plain_set');
    expect(sql('SELECT count(*), count(reading), sum(reading IS NOT expected) FROM plain_set')).toEqual([
      [3001, knownLabels, 0],
    ]);
  });

  it('are still right for a view whose rows come in another order each time it is read', () => {
    triad('features', 'history', '--entities', 'labels', '--service', 'shuffled', '--table', 'shuffled_set');
    expect(sql('SELECT count(*), count(shuffled), sum(shuffled IS NOT expected) FROM shuffled_set')).toEqual([
      [3001, knownLabels, 0],
    ]);
  });
});
