import type Database from 'better-sqlite3';

/** Whether SQLite runs a query as one loop over one table, so a condition added to it is asked once per row. */
export function readsOneTableInOneLoop(db: Database.Database, sql: string): boolean {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
  return plan.length === 1 && (plan[0] as { detail: string }).detail.startsWith('SCAN ');
}
