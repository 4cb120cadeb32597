/** A table as the skeleton sees it. */
export interface SkeletonTable {
  name: string;
  columns: readonly { name: string; type: string }[];
  /** Those of its id candidates (see `idCandidates`) that hold one distinct, non-null value per row. */
  uniqueIds: readonly string[];
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMERIC = new Set(['integer', 'real']);
const TIME_TYPES = ['timestamp', 'date'];
const COMPUTED_TIME = 'event_ts';

/** Columns that could identify a row: integers or text named `id` or `…_id`. */
export function idCandidates(columns: SkeletonTable['columns']): string[] {
  return columns
    .filter((column) => (column.type === 'integer' || column.type === 'text') && /^(.*_)?id$/i.test(column.name))
    .map((column) => column.name);
}

function sqlName(name: string): string {
  return PLAIN.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** A name definitions accept (letters, digits, `_`), made from any column or table name. */
function definitionName(name: string): string {
  const plain = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[0-9]/.test(plain) ? `_${plain}` : plain || 'column').slice(0, 55);
}

/** A column as the view selects it: under its own name when that is a plain identifier. */
function selected(name: string): string {
  return PLAIN.test(name) ? name : `${sqlName(name)} AS ${definitionName(name)}`;
}

/** The entity a table's rows are: its id column without `_id`, else the table's name in the singular. */
function entityFor(table: string, key: string | undefined): string {
  return definitionName(!key || key.toLowerCase() === 'id' ? table.replace(/s$/i, '') : key.replace(/_id$/i, ''));
}

interface Draft {
  entities: string[];
  views: string[];
}

function draftTable(table: SkeletonTable, entities: Map<string, string>): Draft {
  const key = table.uniqueIds[0];
  const time = TIME_TYPES.map((type) => table.columns.find((column) => column.type === type)).find(Boolean);
  const numeric = table.columns
    .filter((column) => NUMERIC.has(column.type) && column.name !== key)
    .map((column) => selected(column.name));
  const view = `${definitionName(table.name)}_features`;
  const entity = entityFor(table.name, key);
  const keyColumn = key ?? `${entity}_id`;
  const timeColumn = time ? selected(time.name) : `0 AS ${COMPUTED_TIME}`;
  const timeField = time ? (PLAIN.test(time.name) ? time.name : definitionName(time.name)) : COMPUTED_TIME;
  const columns = [key ? sqlName(key) : `rowid AS ${keyColumn}`, timeColumn, ...numeric];
  const lines = [
    `- name: ${view}`,
    `  entities: [${entity}]`,
    '  source: |',
    `    SELECT ${columns.join(', ')} FROM ${sqlName(table.name)}`,
    `  timestamp_field: ${timeField}`,
    '  ttl: 0  # 0: values never expire; e.g. 7d ignores values older than a week',
  ];
  const notes = [
    ...(numeric.length === 0
      ? [`${table.name} has no numeric columns: add to the SELECT the columns this view should serve.`]
      : []),
    ...(time
      ? []
      : [
          `${table.name} has no timestamp column: ${COMPUTED_TIME} 0 (1970-01-01) with ttl 0 makes each value hold at any time.`,
        ]),
  ];
  if (key) {
    if (!entities.has(entity)) entities.set(entity, key);
    return { entities: [], views: [...notes.map((note) => `  # ${note}`), ...lines.map((line) => `  ${line}`)] };
  }
  return {
    entities: [
      `  # ${table.name} has no id column (an integer or text column named id or …_id with one value per row).`,
      `  # To serve its rows by number, uncomment this entity and ${view} below, or see`,
      '  # "Tables without an id or a timestamp" in docs/feature-definitions.md.',
      `  # - name: ${entity}`,
      `  #   join_keys: [${keyColumn}]`,
    ],
    views: [...notes.map((note) => `  # ${note}`), ...lines.map((line) => `  # ${line}`)],
  };
}

const NO_TABLES = `# This project has no tables yet: import data first (the Import data page, or triad ingest),
# and this editor will start from your tables. Definitions look like this:
# entities:
#   - name: customer
#     join_keys: [customer_id]
# feature_views:
#   - name: customer_spend
#     entities: [customer]
#     source: SELECT customer_id, paid_at, amount FROM payments
#     timestamp_field: paid_at
#     ttl: 30d
`;

/**
 * Feature definitions drafted from a project's tables, for a project that has none yet: an entity
 * per distinct id column, a feature view per table with its numeric columns and its time column,
 * and commented hints where a table has no id or no timestamp.
 */
export function definitionsSkeleton(tables: readonly SkeletonTable[]): string {
  if (tables.length === 0) return NO_TABLES;
  const entities = new Map<string, string>();
  const drafts = tables.map((table) => draftTable(table, entities));
  const entityLines = [
    ...[...entities].flatMap(([name, key]) => [`  - name: ${name}`, `    join_keys: [${sqlName(key)}]`]),
    ...drafts.flatMap((draft) => draft.entities),
  ];
  return [
    "# Drafted from this project's tables: check each suggestion, edit or delete it, then Check and Apply.",
    'entities:',
    ...entityLines,
    'feature_views:',
    ...drafts.flatMap((draft) => draft.views),
    '',
  ].join('\n');
}
