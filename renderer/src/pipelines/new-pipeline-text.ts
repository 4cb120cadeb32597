/** What a new pipeline file starts with: a valid pipeline of one step, to be edited. */
export function newPipelineText(name: string): string {
  return [
    `name: ${name}`,
    'description: What this pipeline makes, and from what.',
    'parameters:',
    '  seed: { type: integer, default: 0, description: how rows are split and models seeded }',
    'steps:',
    '  - name: rows',
    '    kind: sql',
    '    with:',
    '      sql: SELECT 1 AS one',
    '      table: rows',
    '',
  ].join('\n');
}
