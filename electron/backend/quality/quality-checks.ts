import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { QualityCheckDefinition } from '../../../shared/contract/feature-definitions.js';
import type { CheckResult } from '../../../shared/contract/schemas.js';
import { formatCount } from '../../../shared/format.js';
import { quoteIdentifier } from '../db/column-types.js';
import { durationSeconds } from '../db/duration.js';

export type { CheckResult };

const SAMPLE_VALUES = 5;

function checksFor(db: Database.Database, target: string | null): QualityCheckDefinition[] {
  const rows = db.prepare('SELECT definition FROM triad_quality_checks ORDER BY name').all() as {
    definition: string;
  }[];
  return rows
    .map((row) => JSON.parse(row.definition) as QualityCheckDefinition)
    .filter((check) => target === null || check.target.toLowerCase() === target.toLowerCase());
}

/** Rows that break a value check, as a WHERE clause with its parameters. */
function violation(check: QualityCheckDefinition, column: string): { where: string; params: unknown[] } {
  switch (check.check) {
    case 'range': {
      const parts = [
        ...(check.min !== undefined ? [`${column} < ?`] : []),
        ...(check.max !== undefined ? [`${column} > ?`] : []),
      ];
      return {
        where: `${column} IS NOT NULL AND (${parts.join(' OR ')})`,
        params: [check.min, check.max].filter((bound) => bound !== undefined),
      };
    }
    case 'allowed_values':
      return {
        where: `${column} IS NOT NULL AND ${column} NOT IN (${(check.values ?? []).map(() => '?').join(', ')})`,
        params: check.values ?? [],
      };
    case 'regex':
      return { where: `${column} IS NOT NULL AND NOT triad_regexp(?, ${column})`, params: [check.pattern] };
    default:
      return { where: `${column} IS NULL`, params: [] };
  }
}

function describeAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

function runOne(db: Database.Database, check: QualityCheckDefinition, nowMs: number): CheckResult {
  const table = quoteIdentifier(check.target);
  const column = quoteIdentifier(check.column);
  const base = {
    check: check.name,
    target: check.target,
    column: check.column,
    kind: check.check,
    blocking: check.blocking,
  };
  const totalRows = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  if (check.check === 'unique') {
    const repeated = db
      .prepare(
        `SELECT ${column} AS value, count(*) AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1 ORDER BY n DESC`,
      )
      .all() as { value: unknown; n: number }[];
    const failingRows = repeated.reduce((sum, entry) => sum + entry.n - 1, 0);
    const shown = repeated.slice(0, SAMPLE_VALUES).map((entry) => `${JSON.stringify(entry.value)} ×${entry.n}`);
    return {
      ...base,
      status: failingRows === 0 ? 'passed' : 'failed',
      failingRows,
      totalRows,
      detail:
        failingRows === 0
          ? 'every value is unique'
          : `${formatCount(failingRows, 'repeated value')}, e.g. ${shown.join(', ')}`,
    };
  }
  if (check.check === 'freshness') {
    const newest = (db.prepare(`SELECT max(${column}) AS newest FROM ${table}`).get() as { newest: number | null })
      .newest;
    if (newest === null)
      return { ...base, status: 'failed', failingRows: 0, totalRows, detail: 'there are no timestamps at all' };
    const fresh = nowMs - newest <= durationSeconds(check.max_age ?? 0) * 1000;
    return {
      ...base,
      status: fresh ? 'passed' : 'failed',
      failingRows: 0,
      totalRows,
      detail: `the newest row is from ${new Date(newest).toISOString()}, ${describeAge(nowMs - newest)} old (limit ${check.max_age})`,
    };
  }
  const rule = violation(check, column);
  const failingRows = (
    db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${rule.where}`).get(...rule.params) as { n: number }
  ).n;
  const examples = db
    .prepare(`SELECT DISTINCT ${column} AS value FROM ${table} WHERE ${rule.where} LIMIT ${SAMPLE_VALUES}`)
    .all(...rule.params) as { value: unknown }[];
  return {
    ...base,
    status: failingRows === 0 ? 'passed' : 'failed',
    failingRows,
    totalRows,
    detail:
      failingRows === 0
        ? describePassing(totalRows)
        : `${failingRows.toLocaleString('en-US')} of ${formatCount(totalRows, 'row')} ${failingRows === 1 ? 'fails' : 'fail'}, e.g. ${examples.map((example) => JSON.stringify(example.value)).join(', ')}`,
  };
}

function describePassing(totalRows: number): string {
  if (totalRows === 0) return 'no rows to check';
  return totalRows === 1 ? 'the only row passes' : `all ${formatCount(totalRows, 'row')} pass`;
}

/**
 * Runs the quality checks of one target (or all), stores each result with what triggered it,
 * and returns them. A check that cannot run (its column was dropped) is an error result.
 */
export function runQualityChecks(
  db: Database.Database,
  target: string | null,
  trigger: string,
  nowMs = Date.now(),
): CheckResult[] {
  db.function('triad_regexp', { deterministic: true }, (pattern: unknown, value: unknown) =>
    new RegExp(String(pattern)).test(String(value)) ? 1 : 0,
  );
  const results = checksFor(db, target).map((check): CheckResult => {
    try {
      return runOne(db, check, nowMs);
    } catch (error) {
      return {
        check: check.name,
        target: check.target,
        column: check.column,
        kind: check.check,
        blocking: check.blocking,
        status: 'error',
        failingRows: 0,
        totalRows: 0,
        detail: (error as Error).message,
      };
    }
  });
  const store = db.prepare(
    `INSERT INTO triad_check_results (check_name, target, status, failing_rows, total_rows, detail, blocking, trigger, checked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const checkedAt = new Date(nowMs).toISOString();
  db.transaction(() => {
    for (const result of results) {
      store.run(
        result.check,
        result.target,
        result.status,
        result.failingRows,
        result.totalRows,
        result.detail,
        result.blocking ? 1 : 0,
        trigger,
        checkedAt,
      );
    }
  })();
  return results;
}

/** Throws when a blocking check failed: what a materialization must not go past. */
export function assertBlockingChecksPass(results: readonly CheckResult[], action: string): void {
  const blocking = results.find((result) => result.blocking && result.status !== 'passed');
  if (blocking) {
    throw new TriadError(
      'invalid_input',
      `${action} stopped: blocking quality check ${blocking.check} on ${blocking.target}.${blocking.column} ${blocking.status === 'error' ? 'could not run' : 'failed'}: ${blocking.detail}`,
    );
  }
}
