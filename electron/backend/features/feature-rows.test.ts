import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readFeatureRows } from './feature-rows.js';

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE activity (user_id INTEGER, at INTEGER, clicks REAL, note TEXT)');
  db.prepare('INSERT INTO activity VALUES (?, ?, ?, ?)').run(1, 10, 0.5, 'a');
  db.prepare('INSERT INTO activity VALUES (?, ?, ?, ?)').run(2, 20, null, 'b');
  db.prepare('INSERT INTO activity VALUES (?, ?, ?, ?)').run(null, 'soon', 3, null);
  return db;
}

describe('readFeatureRows', () => {
  it('reads every row in order, as columns: keys, times, numbers and text', () => {
    const rows = readFeatureRows(database(), {
      sql: 'SELECT user_id, at, clicks, note FROM activity ORDER BY rowid',
      columns: ['user_id', 'at', 'clicks', 'note'],
      keyTypes: ['INTEGER'],
      hasCreated: false,
      featureCount: 2,
    });
    expect(rows.rowCount).toBe(3);
    expect(Array.from(rows.keys as Float64Array)).toEqual([1, 2, Number.NaN]);
    expect(Array.from(rows.times)).toEqual([10, 20, Number.NaN]);
    expect(rows.unreadableTimes).toBe(1);
    expect(Array.from(rows.values[0] as Float64Array)).toEqual([0.5, Number.NaN, 3]);
    expect(rows.values[1]).toEqual(['a', 'b', null]);
  });

  it('reads a column by its place, even when the query names two columns alike', () => {
    const rows = readFeatureRows(database(), {
      sql: 'SELECT user_id, at * 1000 AS at, at FROM activity WHERE user_id IS NOT NULL ORDER BY rowid',
      columns: ['user_id', 'at', 'at'],
      keyTypes: ['INTEGER'],
      hasCreated: false,
      featureCount: 1,
    });
    expect(Array.from(rows.times)).toEqual([10_000, 20_000]);
    expect(Array.from(rows.values[0] as Float64Array)).toEqual([10, 20]);
  });
});
