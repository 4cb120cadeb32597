import { describe, expect, it } from 'vitest';
import { eachRow } from './each-row.js';
import { openSqlite } from './open-sqlite.js';

function sampleDatabase() {
  const db = openSqlite(':memory:');
  db.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'z')");
  return db;
}

describe('eachRow', () => {
  it('hands every row over in order', () => {
    const db = sampleDatabase();
    const rows: unknown[][] = [];
    eachRow(db, 'SELECT a, b FROM t ORDER BY a', 2, (row) => rows.push([...row]));
    expect(rows).toEqual([
      [1, 'x'],
      [2, null],
      [3, 'z'],
    ]);
  });

  it('reads a column named twice where it stands', () => {
    const db = sampleDatabase();
    const rows: unknown[][] = [];
    eachRow(db, 'SELECT a, b, a * 10 AS a FROM t WHERE a = 3', 3, (row) => rows.push([...row]));
    expect(rows).toEqual([[3, 'z', 30]]);
  });

  it('passes on an error thrown while taking a row, and reads again afterwards', () => {
    const db = sampleDatabase();
    expect(() =>
      eachRow(db, 'SELECT a, b FROM t', 2, (row) => {
        if (row[0] === 2) throw new Error('no second row');
      }),
    ).toThrow('no second row');
    const rows: unknown[] = [];
    eachRow(db, 'SELECT a, b FROM t', 2, (row) => rows.push(row[0]));
    expect(rows).toEqual([1, 2, 3]);
  });
});
