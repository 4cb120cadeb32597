import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { FeatureDefinitions, FeatureViewDefinition } from '../../../shared/contract/feature-definitions.js';
import type { DefinitionChange, DefinitionObjectKind, DefinitionProblem } from '../../../shared/contract/schemas.js';
import { quoteIdentifier } from '../db/column-types.js';
import { prepareUserQuery } from '../query/user-query.js';
import { EVENT_TIME_FORMS, epochMsSql } from './event-time.js';
import { onlineTableName } from './online-store.js';
import { DefinitionsError, type ParsedDefinitions } from './parse-definitions.js';
import { mentionedIdentifiers, orderByDependencies } from './view-dependencies.js';

/** Where each kind of definition is stored. */
export const TABLE_BY_KIND: Record<DefinitionObjectKind, string> = {
  entity: 'triad_entities',
  'feature view': 'triad_feature_views',
  'feature service': 'triad_feature_services',
  'quality check': 'triad_quality_checks',
};

/** Each kind of definition's section in a definitions file. */
export const SECTION_BY_KIND: Record<DefinitionObjectKind, keyof FeatureDefinitions> = {
  entity: 'entities',
  'feature view': 'feature_views',
  'feature service': 'feature_services',
  'quality check': 'quality_checks',
};

interface ViewColumn {
  name: string;
  type: string | null;
}

function storedDefinitions(db: Database.Database, kind: DefinitionObjectKind): Map<string, string> {
  const rows = db.prepare(`SELECT name, definition FROM ${TABLE_BY_KIND[kind]}`).all() as {
    name: string;
    definition: string;
  }[];
  return new Map(rows.map((row) => [row.name, row.definition]));
}

function catalogType(db: Database.Database, table: string | null, column: string | null): string | null {
  if (!table || !column) return null;
  const row = db.prepare('SELECT type FROM triad_columns WHERE table_name = ? AND name = ?').get(table, column) as
    | { type: string }
    | undefined;
  return row?.type ?? null;
}

/** Rows of a view whose computed times are read to check their form when it is applied. */
const TIME_SAMPLE_ROWS = 1000;

/**
 * Why a view's timestamp column cannot be read as times, or null when it can: an imported column
 * must be a timestamp or date; a computed one must hold a form materialization and training sets
 * read (checked on the view's first rows).
 */
function timeColumnProblem(db: Database.Database, view: string, column: ViewColumn): string | null {
  if (column.type) {
    return column.type === 'timestamp' || column.type === 'date'
      ? null
      : `is a column of type ${column.type}; it must hold timestamps`;
  }
  const name = quoteIdentifier(column.name);
  let unreadable: unknown;
  try {
    unreadable = db
      .prepare(
        `SELECT ${name} FROM (SELECT ${name} FROM ${quoteIdentifier(view)} LIMIT ${TIME_SAMPLE_ROWS})
         WHERE ${name} IS NOT NULL AND ${epochMsSql(column.name)} IS NULL LIMIT 1`,
      )
      .pluck()
      .get();
  } catch (error) {
    return `cannot be read: ${(error as Error).message}`;
  }
  return unreadable === undefined
    ? null
    : `holds ${JSON.stringify(unreadable)}, which is not a time: compute ${EVENT_TIME_FORMS}`;
}

/** The features a view serves: those listed, or every column but its keys and timestamps. */
export function viewFeatures(
  view: FeatureViewDefinition,
  joinKeys: readonly string[],
  columns: readonly string[],
): string[] {
  if (view.features) return view.features;
  const excluded = new Set(
    [...joinKeys, view.timestamp_field, view.created_timestamp_column]
      .filter(Boolean)
      .map((name) => String(name).toLowerCase()),
  );
  return columns.filter((column) => !excluded.has(column.toLowerCase()));
}

/**
 * Checks definitions against the project (references, SQL, columns, cycles) by building the
 * feature views' SQLite views inside the caller's transaction. Collects every problem, then
 * throws them together.
 */
function buildViews(
  db: Database.Database,
  parsed: ParsedDefinitions,
  file: string,
  previousViews: Iterable<string>,
): void {
  const { definitions, lines } = parsed;
  const problems: DefinitionProblem[] = [];
  const at = (section: keyof FeatureDefinitions, name: string) => lines.get(`${section}/${name}`) ?? null;

  const entities = new Map(definitions.entities.map((entity) => [entity.name, entity]));
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) =>
      row.name.toLowerCase(),
    ),
  );
  for (const view of definitions.feature_views) {
    if (tables.has(view.name.toLowerCase()))
      problems.push({
        line: at('feature_views', view.name),
        message: `feature view ${view.name} has the same name as a table: rename one`,
      });
    for (const entity of view.entities) {
      if (!entities.has(entity))
        problems.push({
          line: at('feature_views', view.name),
          message: `feature view ${view.name} uses entity ${entity}, which is not defined`,
        });
    }
  }

  for (const name of previousViews) db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`);
  const ordered = orderByDependencies(new Map(definitions.feature_views.map((view) => [view.name, view.source])));
  if ('cycle' in ordered) {
    problems.push({
      line: at('feature_views', ordered.cycle[0] ?? ''),
      message: `feature views read from each other in a cycle: ${ordered.cycle.join(' → ')}`,
    });
    throw new DefinitionsError(file, problems);
  }

  const viewColumns = new Map<string, ViewColumn[]>();
  const views = new Map(definitions.feature_views.map((view) => [view.name, view]));
  const unbuilt: string[] = [];
  for (const name of ordered.order) {
    const view = views.get(name) as FeatureViewDefinition;
    const line = at('feature_views', name);
    const mentioned = mentionedIdentifiers(view.source);
    const brokenInput = unbuilt.find((other) => mentioned.has(other.toLowerCase()));
    if (brokenInput) {
      unbuilt.push(name);
      problems.push({ line, message: `feature view ${name} reads feature view ${brokenInput}, which has errors` });
      continue;
    }
    try {
      prepareUserQuery(db, view.source);
      db.prepare(`CREATE VIEW ${quoteIdentifier(name)} AS ${view.source}`).run();
      const columns = db.prepare(`SELECT * FROM ${quoteIdentifier(name)} LIMIT 0`).columns();
      viewColumns.set(
        name,
        columns.map((column) => ({ name: column.name, type: catalogType(db, column.table, column.column) })),
      );
    } catch (error) {
      const reason = error instanceof TriadError ? error.message : `SQL error: ${(error as Error).message}`;
      problems.push({ line, message: `feature view ${name}: ${reason}` });
      unbuilt.push(name);
      continue;
    }
    const columns = viewColumns.get(name) ?? [];
    const has = (column: string) => columns.some((candidate) => candidate.name.toLowerCase() === column.toLowerCase());
    const missing = (what: string, column: string) =>
      problems.push({
        line,
        message: `feature view ${name}: its SQL has no column ${column} (${what}); it returns ${columns.map((c) => c.name).join(', ')}`,
      });
    const joinKeys = view.entities.flatMap((entity) => entities.get(entity)?.join_keys ?? []);
    for (const key of joinKeys) if (!has(key)) missing('join key', key);
    const timeFields = [
      ['timestamp_field', view.timestamp_field],
      ['created_timestamp_column', view.created_timestamp_column],
    ] as const;
    for (const [role, field] of timeFields) {
      if (!field) continue;
      const column = columns.find((candidate) => candidate.name.toLowerCase() === field.toLowerCase());
      if (!column) missing(role, field);
      else {
        const problem = timeColumnProblem(db, name, column);
        if (problem) problems.push({ line, message: `feature view ${name}: ${role} ${field} ${problem}` });
      }
    }
    for (const feature of view.features ?? []) if (!has(feature)) missing('feature', feature);
  }

  for (const service of definitions.feature_services) {
    for (const reference of service.features) {
      const [viewName, feature] = reference.split(':') as [string, string | undefined];
      const view = views.get(viewName);
      const line = at('feature_services', service.name);
      if (!view) {
        problems.push({
          line,
          message: `feature service ${service.name} uses feature view ${viewName}, which is not defined`,
        });
        continue;
      }
      const columns = (viewColumns.get(viewName) ?? []).map((column) => column.name);
      const joinKeys = view.entities.flatMap((entity) => entities.get(entity)?.join_keys ?? []);
      if (feature && columns.length > 0 && !viewFeatures(view, joinKeys, columns).includes(feature)) {
        problems.push({
          line,
          message: `feature service ${service.name} uses ${viewName}:${feature}, but ${viewName} has no feature ${feature}`,
        });
      }
    }
  }
  for (const check of definitions.quality_checks) {
    const line = at('quality_checks', check.name);
    // A view whose SQL failed is already reported; its checks cannot be judged.
    if (views.has(check.target) && !viewColumns.has(check.target)) continue;
    const columns = viewColumns.has(check.target)
      ? (viewColumns.get(check.target) ?? []).map((column) => column.name)
      : tables.has(check.target.toLowerCase())
        ? (db.prepare('SELECT name FROM pragma_table_info(?)').all(check.target) as { name: string }[]).map(
            (column) => column.name,
          )
        : null;
    if (!columns)
      problems.push({
        line,
        message: `quality check ${check.name} targets ${check.target}, which is neither a table nor a feature view`,
      });
    else if (!columns.some((column) => column.toLowerCase() === check.column.toLowerCase())) {
      problems.push({ line, message: `quality check ${check.name}: ${check.target} has no column ${check.column}` });
    }
  }
  if (problems.length > 0) throw new DefinitionsError(file, problems);
}

/** The definitions the project holds, as `triad apply` last applied them. */
export function storedParsedDefinitions(db: Database.Database): ParsedDefinitions {
  const items = <T>(kind: DefinitionObjectKind) =>
    [...storedDefinitions(db, kind).values()].map((json) => JSON.parse(json) as T);
  return {
    definitions: {
      entities: items('entity'),
      feature_views: items('feature view'),
      feature_services: items('feature service'),
      quality_checks: items('quality check'),
    },
    lines: new Map(),
  };
}

/** Drops the SQLite views of the feature views, so the tables they read can be replaced; returns their names. */
export function dropFeatureViews(db: Database.Database): string[] {
  const names = [...storedDefinitions(db, 'feature view').keys()];
  for (const name of names) db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(name)}`);
  return names;
}

/**
 * Recreates every feature view from its stored definition inside the caller's transaction, and
 * checks the definitions against the tables as they are now (a replaced table may lack a column
 * a view reads); throws DefinitionsError with every problem.
 */
export function rebuildFeatureViews(db: Database.Database, file: string): void {
  buildViews(db, storedParsedDefinitions(db), file, dropFeatureViews(db));
}

function changesFor(
  kind: DefinitionObjectKind,
  items: readonly { name: string }[],
  stored: Map<string, string>,
): DefinitionChange[] {
  const wanted = new Map(items.map((item) => [item.name, JSON.stringify(item)]));
  const changes: DefinitionChange[] = [];
  for (const [name, definition] of wanted) {
    const before = stored.get(name);
    changes.push({
      kind,
      name,
      action: before === undefined ? 'create' : before === definition ? 'unchanged' : 'update',
    });
  }
  for (const name of stored.keys()) if (!wanted.has(name)) changes.push({ kind, name, action: 'delete' });
  return changes;
}

/**
 * Which deletions an apply may make: `all` (the user confirmed whatever the file leaves out), or
 * the objects the user was shown and confirmed; any other deletion refuses the whole apply.
 */
export type ConfirmedDeletions = 'all' | readonly { kind: string; name: string }[];

/** An apply that would delete objects nobody confirmed; nothing was written. */
export class UnconfirmedDeletionsError extends TriadError {
  constructor(readonly deletions: DefinitionChange[]) {
    super(
      'invalid_input',
      `applying would delete ${deletions.map((change) => `${change.kind} ${change.name}`).join(', ')}, which was not confirmed; nothing was applied`,
    );
  }
}

function isConfirmed(change: DefinitionChange, confirmed: ConfirmedDeletions): boolean {
  return (
    confirmed === 'all' ||
    confirmed.some((item) => item.kind === change.kind && item.name.toLowerCase() === change.name.toLowerCase())
  );
}

/** Removes a deleted feature view's online table and the record of its materializations. */
function deleteViewState(db: Database.Database, view: string): void {
  db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(onlineTableName(view))}`);
  db.prepare('DELETE FROM triad_materializations WHERE feature_view = ? COLLATE NOCASE').run(view);
}

/**
 * Validates definitions against the project and, unless `dryRun`, makes the project hold exactly
 * them (like `feast apply`: objects no longer defined are deleted, a feature view with its online
 * table and materialization history). Deletions must be confirmed (`confirmedDeletions`); a dry
 * run reports them without asking. All in one transaction: definitions with any problem, or an
 * unconfirmed deletion, change nothing.
 */
export function applyDefinitions(
  db: Database.Database,
  parsed: ParsedDefinitions,
  file: string,
  dryRun: boolean,
  confirmedDeletions: ConfirmedDeletions = [],
): DefinitionChange[] {
  const apply = db.transaction(() => {
    const stored = {
      entity: storedDefinitions(db, 'entity'),
      'feature view': storedDefinitions(db, 'feature view'),
      'feature service': storedDefinitions(db, 'feature service'),
      'quality check': storedDefinitions(db, 'quality check'),
    };
    buildViews(db, parsed, file, stored['feature view'].keys());
    const changes = (Object.keys(TABLE_BY_KIND) as DefinitionObjectKind[]).flatMap((kind) =>
      changesFor(kind, parsed.definitions[SECTION_BY_KIND[kind]] as readonly { name: string }[], stored[kind]),
    );
    if (dryRun) throw new DryRunFinished(changes);
    const deletions = changes.filter((change) => change.action === 'delete');
    const unconfirmed = deletions.filter((change) => !isConfirmed(change, confirmedDeletions));
    if (unconfirmed.length > 0) throw new UnconfirmedDeletionsError(unconfirmed);
    // Deletions first: a view renamed only in case (names ignore case) is deleted, then created.
    for (const change of deletions) {
      db.prepare(`DELETE FROM ${TABLE_BY_KIND[change.kind]} WHERE name = ?`).run(change.name);
      if (change.kind === 'feature view') deleteViewState(db, change.name);
    }
    const now = new Date().toISOString();
    for (const change of changes) {
      if (change.action !== 'create' && change.action !== 'update') continue;
      const table = TABLE_BY_KIND[change.kind];
      const items = parsed.definitions[SECTION_BY_KIND[change.kind]] as { name: string }[];
      const definition = JSON.stringify(items.find((item) => item.name === change.name));
      db.prepare(
        `INSERT INTO ${table} (name, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
      ).run(change.name, definition, now, now);
    }
    return changes;
  });
  try {
    return apply.immediate();
  } catch (error) {
    if (error instanceof DryRunFinished) return error.changes;
    throw error;
  }
}

/** Unwinds a dry run's transaction while keeping what it found. */
class DryRunFinished extends Error {
  constructor(readonly changes: DefinitionChange[]) {
    super('dry run');
  }
}
