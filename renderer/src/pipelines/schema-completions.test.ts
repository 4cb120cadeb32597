// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline texts hold ${…} references
import { describe, expect, it } from 'vitest';
import { STEP_KINDS } from '../../../shared/contract/pipeline-definition.js';
import { pipelineJsonSchema } from '../../../shared/contract/pipeline-json-schema.js';
import { type JsonSchema, schemaSuggestions } from './schema-completions.js';
import { yamlCursor } from './yaml-cursor.js';

const schema = pipelineJsonSchema() as JsonSchema;

/** Suggestions where `|` is in the text. */
function suggest(textWithCursor: string, references: string[] = []) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return schemaSuggestions(schema, yamlCursor(text, offset), references);
}
const labels = (textWithCursor: string, references?: string[]) =>
  suggest(textWithCursor, references).map((suggestion) => suggestion.label);

describe('schema-aware completion of pipeline YAML', () => {
  it('offers the top-level keys not yet written', () => {
    expect(labels('name: a\n|')).toEqual(['description', 'parameters', 'schedule', 'triggers', 'steps']);
    expect(suggest('schedule:\n  |').find((key) => key.label === 'cron')?.info).toContain('minute hour');
  });

  it('offers every step kind as the value of kind, and only that kind’s keys under with', () => {
    expect(labels('name: a\nsteps:\n  - name: s\n    kind: |')).toEqual([...STEP_KINDS]);
    expect(labels('steps:\n  - name: s\n    kind: split\n    with:\n      |')).toEqual([
      'table',
      'test_fraction',
      'by',
      'seed',
      'time_column',
    ]);
    // kind written below the cursor counts too; keys written are not offered again
    expect(labels('steps:\n- name: s\n  with:\n    table: t\n    |\n  kind: train\n')).toEqual([
      'algo',
      'label',
      'params',
      'valid_table',
      'seed',
    ]);
  });

  it('offers the keys of a step and a step’s enum values, with their types and defaults', () => {
    const keys = suggest('steps:\n  - kind: sql\n    |');
    expect(keys.map((key) => key.label)).toEqual([
      'name',
      'description',
      'retries',
      'retry_backoff',
      'timeout',
      'cache',
      'after',
      'with',
    ]);
    expect(keys.find((key) => key.label === 'retries')).toMatchObject({
      apply: 'retries: ',
      detail: 'integer, default 0',
    });
    expect(keys.find((key) => key.label === 'with')?.detail).toContain('required');
    expect(labels('steps:\n  - kind: train\n    with:\n      algo: |')).toEqual(['gbdt', 'logreg', 'linreg', 'kmeans']);
    expect(labels('steps:\n  - kind: train\n    cache: |')).toEqual(['true', 'false']);
    expect(labels('parameters:\n  seed:\n    type: |')).toEqual(['string', 'integer', 'number', 'boolean']);
  });

  it('keeps the steps of a second item apart from the first', () => {
    const text =
      'steps:\n  - name: a\n    kind: sql\n    with: { sql: x, table: t }\n  - name: b\n    kind: predict\n    with:\n      |';
    expect(labels(text)).toEqual(['model', 'table', 'into']);
  });

  it('offers references inside ${', () => {
    expect(labels('steps:\n  - kind: sql\n    with:\n      table: ${st|', ['params.seed', 'steps.rows.table'])).toEqual(
      ['${params.seed}', '${steps.rows.table}'],
    );
  });

  it('offers nothing where the schema has nothing to say', () => {
    expect(labels('steps:\n  - kind: sql\n    with:\n      sql: |')).toEqual([]);
    expect(labels('nothing:\n  here: |')).toEqual([]);
  });
});
