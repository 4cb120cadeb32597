import { ownValue } from '../../../shared/own-value.js';
import type { ExperimentRun } from './experiment-runs.js';

export type CellValue = string | number | boolean | null;

/** One run as a row of the experiments table: its facts, parameters and metrics by column. */
export interface ExperimentRow {
  run: ExperimentRun;
  values: Record<string, CellValue>;
}

export interface ExperimentColumns {
  facts: string[];
  params: string[];
  metrics: string[];
}

const FACTS = ['run', 'pipeline', 'state', 'started', 'seconds', 'reason', 'model'] as const;

export function experimentRows(runs: readonly ExperimentRun[]): {
  rows: ExperimentRow[];
  columns: ExperimentColumns;
} {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const rows = runs.map((run): ExperimentRow => {
    const measured = run.metrics;
    for (const name of Object.keys(run.params)) params.add(name);
    for (const name of Object.keys(measured)) metrics.add(name);
    const models = run.registered.map((version) => `${version.name}:${version.version}`);
    return {
      run,
      values: {
        run: run.id,
        pipeline: run.pipeline,
        state: run.state,
        started: run.startedAt,
        seconds: run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null,
        reason: run.reason,
        model: models.join(', ') || null,
        ...Object.fromEntries(Object.entries(run.params).map(([name, value]) => [`params.${name}`, value])),
        ...Object.fromEntries(Object.entries(measured).map(([name, value]) => [`metrics.${name}`, value])),
      },
    };
  });
  return {
    rows,
    columns: {
      facts: [...FACTS],
      params: [...params].sort().map((name) => `params.${name}`),
      metrics: [...metrics].sort().map((name) => `metrics.${name}`),
    },
  };
}

type Comparison = '=' | '!=' | '>' | '<' | '>=' | '<=';
interface Condition {
  column: string | null;
  comparison: Comparison;
  value: string;
}

const CONDITION = /^([A-Za-z_][\w.]*)(>=|<=|!=|=|>|<)(.+)$/;

/**
 * Reads a filter: space-separated terms, each `name=value`, `name!=value` or `name>number`
 * (`>=`, `<`, `<=`), where name is a parameter, a metric or a column (`seed=7`, `roc_auc>=0.6`,
 * `state=failed`), or a word any cell contains.
 */
export function parseFilter(filter: string): Condition[] {
  return filter
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => {
      const match = CONDITION.exec(term);
      return match
        ? { column: match[1] as string, comparison: match[2] as Comparison, value: match[3] as string }
        : { column: null, comparison: '=', value: term };
    });
}

function cellOf(row: ExperimentRow, column: string): CellValue | undefined {
  if (Object.hasOwn(row.values, column)) return row.values[column];
  return ownValue(row.values, `params.${column}`) ?? ownValue(row.values, `metrics.${column}`);
}

function holds(row: ExperimentRow, condition: Condition): boolean {
  if (condition.column === null) {
    const word = condition.value.toLowerCase();
    return Object.values(row.values).some((value) =>
      String(value ?? '')
        .toLowerCase()
        .includes(word),
    );
  }
  const cell = cellOf(row, condition.column);
  if (cell === undefined || cell === null) return condition.comparison === '!=';
  const wanted = Number(condition.value);
  const numeric = typeof cell === 'number' && Number.isFinite(wanted);
  switch (condition.comparison) {
    case '=':
      return numeric ? cell === wanted : String(cell).toLowerCase() === condition.value.toLowerCase();
    case '!=':
      return numeric ? cell !== wanted : String(cell).toLowerCase() !== condition.value.toLowerCase();
    case '>':
      return numeric && cell > wanted;
    case '<':
      return numeric && cell < wanted;
    case '>=':
      return numeric && cell >= wanted;
    case '<=':
      return numeric && cell <= wanted;
  }
}

export function filterRows(rows: readonly ExperimentRow[], filter: string): ExperimentRow[] {
  const conditions = parseFilter(filter);
  return rows.filter((row) => conditions.every((condition) => holds(row, condition)));
}

export interface SortOrder {
  column: string;
  descending: boolean;
}

/** Sorted by one column; empty cells last whichever the direction. */
export function sortRows(rows: readonly ExperimentRow[], order: SortOrder): ExperimentRow[] {
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const left = a.values[order.column] ?? null;
    const right = b.values[order.column] ?? null;
    if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
    if (typeof left === 'number' && typeof right === 'number') return sign * (left - right);
    return sign * String(left).localeCompare(String(right), undefined, { numeric: true });
  });
}

/** Parameter names whose values are not the same in every run given. */
export function differingParameters(runs: readonly ExperimentRun[]): Set<string> {
  const names = new Set(runs.flatMap((run) => Object.keys(run.params)));
  return new Set(
    [...names].filter((name) => new Set(runs.map((run) => JSON.stringify(run.params[name] ?? null))).size > 1),
  );
}
