import { describe, expect, it } from 'vitest';
import { DefinitionsError, parseDefinitions } from './parse-definitions.js';

/** The problems a file has, as `line:column: message`. */
function problems(text: string): string[] {
  try {
    parseDefinitions(text, 'f.yaml');
  } catch (error) {
    if (error instanceof DefinitionsError)
      return error.problems.map((problem) => `${problem.line}:${problem.column ?? '-'}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the definitions to be refused');
}

const ENTITY = 'entities:\n  - name: trip\n    join_keys: [trip_id]\n';

describe('definition problems in the words of the file', () => {
  it('bad indentation', () => {
    expect(
      problems(`${ENTITY}feature_views:
  - name: trips
    entities: [trip]
     source: SELECT trip_id, ts, fare FROM trips_raw
    timestamp_field: ts
`),
    ).toMatchInlineSnapshot(`
      [
        "7:1: \`source\` is indented differently from the keys around it: keys of one item start in the same column (under the first key after \`- \`)",
      ]
    `);
  });

  it('a missing colon', () => {
    expect(problems('entities:\n  - name: trip\n    join_keys [trip_id]\n')).toMatchInlineSnapshot(`
      [
        "3:5: missing \`:\` after \`join_keys\` (write \`join_keys: value\`)",
      ]
    `);
    expect(problems('entities:\n  - name trip\n    join_keys: [trip_id]\n')).toMatchInlineSnapshot(`
      [
        "2:5: missing \`:\` after \`name\` (write \`name: value\`)",
      ]
    `);
  });

  it('tab characters', () => {
    expect(problems('entities:\n\t- name: trip\n\t  join_keys: [trip_id]\n')).toMatchInlineSnapshot(`
      [
        "2:1: a tab indents this line: YAML indents with spaces only, 2 per level (also line 3)",
      ]
    `);
  });

  it('a colon inside an unquoted SQL source, which breaks every later key on its lines', () => {
    expect(
      problems(`${ENTITY}feature_views:
  - name: trips
    entities: [trip]
    source: SELECT strftime('%H:%M', ts) AS hour,
      CASE WHEN a THEN 'x: y' END AS z, b: c
    timestamp_field: ts
`),
    ).toMatchInlineSnapshot(`
      [
        "7:13: this value holds \`: \` (a colon and a space), which YAML reads as the start of another key: put the value in quotes, or give each key its own line; for SQL write \`source: |\` and the SQL on the lines below it, indented (also line 8)",
      ]
    `);
    expect(
      problems(`entities:
  - name: trip join_keys: [trip_id]
  - name: car join_keys: [car_id]
feature_views:
  - name: trips entities: [trip] source: SELECT 1 timestamp_field: ts ttl: 1d
`),
    ).toMatchInlineSnapshot(`
      [
        "2:11: this value holds \`: \` (a colon and a space), which YAML reads as the start of another key: put the value in quotes, or give each key its own line; for SQL write \`source: |\` and the SQL on the lines below it, indented (also lines 3, 5)",
      ]
    `);
  });

  it('unclosed lists and quotes, at the line where they open', () => {
    expect(problems('entities:\n  - name: a\n    join_keys: [x\nfeature_views: []\n')).toMatchInlineSnapshot(`
      [
        "3:-: the [ opened on this line is not closed: end it with ] on the same line",
      ]
    `);
    expect(problems('feature_views:\n  - name: v\n    source: "SELECT 1\n    ttl: 1d\n')).toMatchInlineSnapshot(`
      [
        "3:-: the text started with " is not closed: end it with " on the same line",
      ]
    `);
  });

  it('missing required fields, together for one item', () => {
    expect(problems(`${ENTITY}feature_views:\n  - name: trips\n    ttl: 1d\n`)).toMatchInlineSnapshot(`
      [
        "5:5: feature view \`trips\` is missing \`entities\` (a list of entity names, e.g. [trip]), \`source\` (the SQL that selects the features, e.g. SELECT trip_id, ts, fare FROM trips) and \`timestamp_field\` (the column holding when each row’s values became true, e.g. ts)",
      ]
    `);
  });

  it('values of the wrong kind', () => {
    expect(
      problems(`${ENTITY}feature_views:
  - name: trips
    entities: trip
    source: SELECT trip_id, ts, fare FROM trips_raw
    timestamp_field: ts
    features: fare
    ttl: 3 days
    online: maybe
quality_checks:
  - { name: c, target: trips, column: fare, check: between }
`),
    ).toMatchInlineSnapshot(`
      [
        "6:15: \`entities\` of feature view \`trips\` must be a list of entity names, e.g. [trip], not \`trip\`",
        "9:15: \`features\` of feature view \`trips\` must be a list of columns, e.g. [fare, distance], not \`fare\`",
        "10:10: \`ttl\` of feature view \`trips\` must be a duration like 90s, 30m, 12h, 7d or 2w (0: no limit), not \`3 days\`",
        "11:13: \`online\` of feature view \`trips\` must be true or false, not \`maybe\`",
        "13:52: \`check\` of quality check \`c\` must be one of not_null, range, unique, allowed_values, regex, freshness, not \`between\`",
      ]
    `);
    expect(problems('feature_views: 3\n')).toEqual([
      '1:16: `feature_views` must be a list of feature views, each starting with `- name: …` on its own line, not the number 3',
    ]);
    expect(problems('just some text\n')).toMatchInlineSnapshot(`
      [
        "1:1: the file must hold the sections entities, feature_views, feature_services and quality_checks (e.g. \`entities:\` on the first line), not \`just some text\`",
      ]
    `);
  });

  it('unknown keys and sections', () => {
    expect(
      problems(`${ENTITY}featureviews: []
feature_views:
  - name: trips
    entities: [trip]
    source: SELECT trip_id, ts FROM trips_raw
    timestamp: ts
`),
    ).toMatchInlineSnapshot(`
      [
        "4:1: the file has no section \`featureviews\`: did you mean \`feature_views\`?",
        "9:5: feature view \`trips\` has no key \`timestamp\`: did you mean \`timestamp_field\`? (timestamp_field is required)",
      ]
    `);
  });

  it('reads a section with every item commented out as empty', () => {
    expect(parseDefinitions('entities:\n  # - name: trip\nfeature_views:\n', 'f.yaml').definitions.entities).toEqual(
      [],
    );
  });

  it('duplicate names', () => {
    expect(
      problems(`${ENTITY}feature_views:
  - { name: trips, entities: [trip], source: SELECT 1, timestamp_field: ts }
  - { name: Trips, entities: [trip], source: SELECT 2, timestamp_field: ts }
`),
    ).toMatchInlineSnapshot(`
      [
        "6:-: feature view \`trips\` is defined twice, on lines 5 and 6: give each a different name (names ignore case)",
      ]
    `);
    expect(problems('entities:\n  - name: a\n    name: b\n    join_keys: [x]\n')).toMatchInlineSnapshot(`
      [
        "3:5: \`name\` is given twice in the same item: keep one",
      ]
    `);
  });
});
