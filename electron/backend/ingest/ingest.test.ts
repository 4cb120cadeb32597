import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { connectDatabase, createProject, DATABASE_FILE } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type IngestProgress, type IngestRequest, ingestFile } from './ingest.js';
import { NO_DEPENDENTS } from './table-dependents.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

function newProject(): string {
  const dir = join(temporaryFolder('ingest'), 'project');
  createProject(dir).close();
  return join(dir, DATABASE_FILE);
}

function writeFile(name: string, content: string | Buffer): string {
  const path = join(temporaryFolder('files'), name);
  writeFileSync(path, content);
  return path;
}

function ingest(dbFile: string, request: Omit<IngestRequest, 'mode'> & { mode?: IngestRequest['mode'] }, hooks = {}) {
  return ingestFile(dbFile, { mode: 'replace', ...request }, hooks, connectDatabase);
}

function query<T>(dbFile: string, sql: string): T[] {
  const db = connectDatabase(dbFile);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('CSV import of real data', () => {
  it('imports seattle-weather.csv with dates, reals and text inferred', async () => {
    const db = newProject();
    const progress: IngestProgress[] = [];
    const result = await ingest(
      db,
      { file: join(VEGA, 'seattle-weather.csv'), table: 'weather' },
      { onProgress: (p: IngestProgress) => progress.push(p) },
    );
    expect(result.rowsImported).toBe(1461);
    expect(result.rowsQuarantined).toBe(0);
    expect(result.columns.map((column) => [column.name, column.type])).toEqual([
      ['date', 'date'],
      ['precipitation', 'real'],
      ['temp_max', 'real'],
      ['temp_min', 'real'],
      ['wind', 'real'],
      ['weather', 'text'],
    ]);
    const [first] = query<{ date: number; precipitation: number; weather: string }>(
      db,
      'SELECT * FROM weather LIMIT 1',
    );
    expect(first).toEqual({
      date: Date.UTC(2012, 0, 1),
      precipitation: 0,
      temp_max: 12.8,
      temp_min: 5,
      wind: 4.7,
      weather: 'drizzle',
    });
    expect(progress.at(-1)).toMatchObject({
      rowsRead: 1461,
      rowsImported: 1461,
      bytesRead: progress.at(-1)?.totalBytes,
    });
    expect(query(db, 'SELECT name, row_count FROM triad_tables')).toEqual([{ name: 'weather', row_count: 1461 }]);
  });

  it('recognises "Jan 1 2000" dates in stocks.csv', async () => {
    const db = newProject();
    const result = await ingest(db, { file: join(VEGA, 'stocks.csv'), table: 'stocks' });
    expect(result.columns[1]).toMatchObject({ name: 'date', type: 'date', format: '%b %d %Y' });
    const rows = query<{ symbol: string; date: number; price: number }>(
      db,
      "SELECT * FROM stocks WHERE symbol = 'IBM' ORDER BY date LIMIT 1",
    );
    expect(rows).toEqual([{ symbol: 'IBM', date: Date.UTC(2000, 0, 1), price: 100.52 }]);
    expect(query(db, 'SELECT count(*) AS n FROM stocks')).toEqual([{ n: 560 }]);
  });

  it('imports NDJSON made from flights-10k.json, with "2001/01/01 00:47" timestamps', async () => {
    const flights = JSON.parse(readFileSync(join(VEGA, 'flights-10k.json'), 'utf8')) as Record<string, unknown>[];
    const file = writeFile('flights.ndjson', flights.map((flight) => JSON.stringify(flight)).join('\n'));
    const db = newProject();
    const result = await ingest(db, { file, table: 'flights', batchRows: 3000 });
    expect(result.rowsImported).toBe(10_000);
    expect(result.columns.map((column) => [column.name, column.type, column.format])).toEqual([
      ['date', 'timestamp', '%Y/%m/%d %H:%M'],
      ['delay', 'integer', null],
      ['distance', 'integer', null],
      ['origin', 'text', null],
      ['destination', 'text', null],
    ]);
    expect(query(db, 'SELECT date, delay, origin FROM flights LIMIT 1')).toEqual([
      { date: Date.UTC(2001, 0, 1, 0, 47), delay: 66, origin: 'DTW' },
    ]);
  });
});

describe('Parquet and Arrow import of real data', () => {
  it('imports flights-200k.arrow with its declared types', async () => {
    const db = newProject();
    const result = await ingest(db, { file: join(VEGA, 'flights-200k.arrow'), table: 'flights' });
    expect(result).toMatchObject({ format: 'arrow', rowsImported: 200_000, rowsQuarantined: 0 });
    expect(result.columns.map((column) => `${column.name}:${column.type}`)).toEqual([
      'delay:integer',
      'distance:integer',
      'time:real',
    ]);
    expect(query(db, 'SELECT count(*) AS n, sum(distance) > 0 AS positive FROM flights')).toEqual([
      { n: 200_000, positive: 1 },
    ]);
  });

  it('imports the first row groups of flights-3m.parquet and refuses a file that is not Parquet', async () => {
    const db = newProject();
    const controller = new AbortController();
    let seen = 0;
    const error = await rejectedTriadError(
      ingest(
        db,
        { file: join(VEGA, 'flights-3m.parquet'), table: 'flights' },
        {
          signal: controller.signal,
          onProgress: (progress: IngestProgress) => {
            seen = progress.rowsRead;
            if (seen >= 300_000) controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('cancelled');
    expect(seen).toBeGreaterThanOrEqual(300_000);
    const notParquet = writeFile('fake.parquet', 'a,b\n1,2\n');
    expect((await rejectedTriadError(ingest(db, { file: notParquet, table: 'fake' }))).message).toContain(
      'fake.parquet is not a Parquet file',
    );
  });
});

describe('bad input', () => {
  it('quarantines rows that do not fit, with row number and reason', async () => {
    const file = writeFile(
      'mixed.csv',
      'id,price,at\n1,2.5,2024-01-01T10:00:00Z\n2,n/a,2024-01-02T10:00:00Z\n3,4,yesterday\n4,5,2024-01-04T10:00:00Z\n',
    );
    const db = newProject();
    const result = await ingest(db, {
      file,
      table: 'prices',
      columns: [
        { source: 'id', name: 'id', type: 'integer', format: null, skip: false },
        { source: 'price', name: 'price', type: 'real', format: null, skip: false },
        { source: 'at', name: 'at', type: 'timestamp', format: null, skip: false },
      ],
    });
    expect(result.rowsImported).toBe(2);
    expect(result.quarantine).toEqual([
      {
        rowNumber: 2,
        column: 'price',
        reason: 'column price: expected a number, found "n/a"',
        raw: '["2","n/a","2024-01-02T10:00:00Z"]',
      },
      {
        rowNumber: 3,
        column: 'at',
        reason: 'column at: expected an ISO-8601 timestamp, found "yesterday"',
        raw: '["3","4","yesterday"]',
      },
    ]);
    expect(query(db, 'SELECT row_number, reason FROM triad_quarantine ORDER BY row_number')).toHaveLength(2);
  });

  it('quarantines Parquet rows column by column, at the first value that does not fit, across row groups', async () => {
    const file = join(temporaryFolder('files'), 'mixed.parquet');
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'id', data: Int32Array.from([1, 2, 3, 4, 5]), type: 'INT32', nullable: false },
        { name: 'price', data: ['2.5', 'n/a', 'x', '5', null], type: 'STRING' },
        {
          name: 'at',
          data: ['2024-01-01T10:00:00Z', '2024-01-02T10:00:00Z', 'yesterday', 'soon', '2024-01-05T10:00:00Z'],
          type: 'STRING',
        },
      ],
      rowGroupSize: 3,
    });
    const db = newProject();
    const result = await ingest(db, {
      file,
      table: 'prices',
      batchRows: 2,
      columns: [
        { source: 'id', name: 'id', type: 'integer', format: null, skip: false },
        { source: 'price', name: 'price', type: 'real', format: null, skip: false },
        { source: 'at', name: 'at', type: 'timestamp', format: null, skip: false },
      ],
    });
    expect(result.quarantine.map(({ rowNumber, reason, raw }) => [rowNumber, reason, raw])).toEqual([
      [2, 'column price: expected a number, found "n/a"', '[2,"n/a","2024-01-02T10:00:00Z"]'],
      [3, 'column price: expected a number, found "x"', '[3,"x","yesterday"]'],
      [4, 'column at: expected an ISO-8601 timestamp, found "soon"', '[4,"5","soon"]'],
    ]);
    expect(query(db, 'SELECT id, price, at FROM prices ORDER BY rowid')).toEqual([
      { id: 1, price: 2.5, at: Date.UTC(2024, 0, 1, 10) },
      { id: 5, price: null, at: Date.UTC(2024, 0, 5, 10) },
    ]);
  });

  it('imports exactly every value of many batches whose memory is reused from batch to batch', async () => {
    // Batches of 50 rows, each with values of its own, quoted fields, nulls and varying text lengths:
    // memory handed back by the inserting thread must never show a value of an earlier batch.
    const rows = Array.from({ length: 2000 }, (_, row) => ({
      id: row,
      amount: row % 7 === 0 ? '' : `${row * 1.5}`,
      label: row % 5 === 0 ? 'NA' : row % 3 === 0 ? `"quoted, ${row}"` : 'x'.repeat(row % 40),
    }));
    const file = writeFile(
      'reused.csv',
      `id,amount,label\n${rows.map((row) => `${row.id},${row.amount},${row.label}`).join('\n')}\n`,
    );
    const db = newProject();
    await ingest(db, { file, table: 'reused', batchRows: 50 });
    expect(query(db, 'SELECT id, amount, label FROM reused ORDER BY rowid')).toEqual(
      rows.map((row) => ({
        id: row.id,
        amount: row.amount === '' ? null : Number(row.amount),
        label:
          row.label === 'NA'
            ? null
            : row.label.startsWith('"')
              ? row.label.slice(1, -1)
              : row.label === ''
                ? null
                : row.label,
      })),
    );
  });

  it('quarantines rows with the wrong number of fields and a quote never closed', async () => {
    const file = writeFile('ragged.csv', 'a,b\n1,2\n3\n4,5,6\n7,8\n"9,10\n');
    const db = newProject();
    const result = await ingest(db, { file, table: 'ragged' });
    expect(result.rowsImported).toBe(2);
    expect(result.quarantine.map((row) => [row.rowNumber, row.reason])).toEqual([
      [2, 'expected 2 fields, found 1'],
      [3, 'expected 2 fields, found 3'],
      [5, 'a quoted field is never closed (unbalanced quote)'],
    ]);
  });

  it('fails the whole import past the quarantine limit, keeping the previous table', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('good.csv', 'n\n1\n2\n'), table: 'numbers' });
    const bad = writeFile('bad.csv', `n\n${['x', 'y', 'z', '4'].join('\n')}\n`);
    const columns = [{ source: 'n', name: 'n', type: 'integer' as const, format: null, skip: false }];
    const error = await rejectedTriadError(ingest(db, { file: bad, table: 'numbers', columns, maxQuarantined: 2 }));
    expect(error.message).toMatch(
      /^more than 2 rows do not fit the schema \(first: row 1: column n: expected an integer, found "x"\); nothing was imported/,
    );
    expect(query(db, 'SELECT n FROM numbers')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(query(db, 'SELECT status FROM triad_imports ORDER BY started_at')).toEqual([
      { status: 'succeeded' },
      { status: 'failed' },
    ]);
    expect(query(db, 'SELECT count(*) AS n FROM triad_quarantine')).toEqual([{ n: 0 }]);
  });

  it('fails an import whose every row is quarantined, creating no table and keeping the one it would replace', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('good.csv', 'n\n1\n2\n'), table: 'numbers' });
    const columns = [{ source: 'n', name: 'n', type: 'integer' as const, format: null, skip: false }];
    const bad = { csv: writeFile('bad.csv', 'n\nx\ny\n'), ndjson: writeFile('bad.ndjson', '{"n":"x"}\n{"n":"y"}\n') };
    for (const file of Object.values(bad)) {
      for (const table of ['numbers', 'fresh']) {
        const error = await rejectedTriadError(ingest(db, { file, table, columns }));
        expect(error.message).toBe(
          `none of the file's 2 rows could be imported (row 1: column n: expected an integer, found "x"; row 2: column n: expected an integer, found "y"); nothing was written.`,
        );
      }
    }
    expect(query(db, 'SELECT n FROM numbers')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(query(db, "SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'fresh%'")).toEqual([{ n: 0 }]);
    const imports = query<{ status: string; error: string | null }>(
      db,
      'SELECT status, error FROM triad_imports ORDER BY started_at',
    );
    expect(
      imports.map(({ status, error }) => [status, error?.startsWith("none of the file's 2 rows") ?? null]),
    ).toEqual([['succeeded', null], ...Array.from({ length: 4 }, () => ['failed', true])]);
    expect(query(db, 'SELECT count(*) AS n FROM triad_quarantine')).toEqual([{ n: 0 }]);
  });

  it('reads the same rows whatever ends the lines: LF, CR LF, a lone CR, blank lines, no final line break', async () => {
    const rows = ['1,a,x', '2,"b, quoted",y', '3,"multi\nline",z', '4,,w', '5,e,'];
    const expected = [
      { id: 1, name: 'a', tag: 'x' },
      { id: 2, name: 'b, quoted', tag: 'y' },
      { id: 3, name: 'multi\nline', tag: 'z' },
      { id: 4, name: null, tag: 'w' },
      { id: 5, name: 'e', tag: null },
    ];
    const files = {
      lf: `id,name,tag\n${rows.join('\n')}\n`,
      crlf: `id,name,tag\r\n${rows.join('\r\n')}`,
      cr: `id,name,tag\r${rows.join('\r')}\r`,
      blank: `id,name,tag\n\n${rows.join('\n\n')}\n\n`,
    };
    for (const [name, content] of Object.entries(files)) {
      const db = newProject();
      const result = await ingest(db, { file: writeFile(`${name}.csv`, content), table: 't' });
      expect(result.rowsQuarantined, name).toBe(0);
      expect(query(db, 'SELECT id, name, tag FROM t ORDER BY rowid'), name).toEqual(expected);
    }
  });

  it('refuses an empty file, a missing file and a bad table name', async () => {
    const db = newProject();
    expect((await rejectedTriadError(ingest(db, { file: writeFile('empty.csv', ''), table: 't' }))).message).toBe(
      'empty.csv is empty: it has no header line',
    );
    expect((await rejectedTriadError(ingest(db, { file: '/no/such.csv', table: 't' }))).message).toBe(
      'there is no file at /no/such.csv',
    );
    expect((await rejectedTriadError(ingest(db, { file: '/no/such.csv', table: 'triad_x' }))).message).toContain(
      'reserved',
    );
    expect((await rejectedTriadError(ingest(db, { file: '/no/such.csv', table: 'my table' }))).message).toContain(
      'cannot name a table',
    );
  });

  it('imports a file with a header and no rows as an empty table of text columns', async () => {
    const db = newProject();
    const result = await ingest(db, { file: writeFile('header.csv', 'id,name\n'), table: 't' });
    expect(result.rowsImported).toBe(0);
    expect(result.columns.map((column) => `${column.name}:${column.type}`)).toEqual(['id:text', 'name:text']);
    expect(query(db, 'SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('refuses a file that is not UTF-8, and reads it as Latin-1 when asked', async () => {
    const file = writeFile('latin1.csv', Buffer.from('city\nZ\xfcrich\n', 'latin1'));
    const db = newProject();
    expect((await rejectedTriadError(ingest(db, { file, table: 'cities' }))).message).toContain(
      'latin1.csv is not valid utf-8 text',
    );
    await ingest(db, { file, table: 'cities', csv: { encoding: 'latin1' } });
    expect(query(db, 'SELECT city FROM cities')).toEqual([{ city: 'Zürich' }]);
  });

  it('refuses a column name holding a NUL character, which SQLite cannot store, keeping the table there', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('good.csv', 'id\n1\n'), table: 't' });
    const file = writeFile('nul.csv', 'id,na\0me\n1,2\n');
    expect((await rejectedTriadError(ingest(db, { file, table: 't' }))).message).toBe(
      'the name of column 2 holds a NUL character, which a column name cannot hold: rename the column (or, if the file is damaged, export it again)',
    );
    expect(query(db, 'SELECT * FROM t')).toEqual([{ id: 1 }]);
  });

  it('renames duplicate column names and skips a byte-order mark', async () => {
    const file = writeFile('dupes.csv', '\ufeffid,value,Value,\n1,a,b,c\n');
    const db = newProject();
    const result = await ingest(db, { file, table: 'dupes' });
    expect(result.columns.map((column) => column.name)).toEqual(['id', 'value', 'Value_2', 'column_4']);
  });

  it('detects the delimiter, and keeps quoted delimiters, quotes and newlines inside fields', async () => {
    const file = writeFile('semi.csv', 'name;note\r\n"Smith; J";"said ""hi""\r\nthen left"\r\nLee;\r\n');
    const db = newProject();
    await ingest(db, { file, table: 'notes' });
    expect(query(db, 'SELECT * FROM notes')).toEqual([
      { name: 'Smith; J', note: 'said "hi"\r\nthen left' },
      { name: 'Lee', note: null },
    ]);
  });

  it('keeps a huge field whole across read chunks', async () => {
    const huge = 'x'.repeat(3 << 20);
    const file = writeFile('huge.csv', `id,blob\n1,"${huge}"\n2,small\n`);
    const db = newProject();
    const result = await ingest(db, { file, table: 'blobs' });
    expect(result.rowsImported).toBe(2);
    expect(query<{ n: number }>(db, 'SELECT length(blob) AS n FROM blobs WHERE id = 1')).toEqual([{ n: huge.length }]);
  });

  it('leaves the previous table as it was when cancelled', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('v1.csv', 'n\n1\n'), table: 'numbers' });
    const controller = new AbortController();
    const big = writeFile('v2.csv', `n\n${Array.from({ length: 50_000 }, (_, index) => index).join('\n')}\n`);
    const error = await rejectedTriadError(
      ingest(
        db,
        { file: big, table: 'numbers', batchRows: 1000 },
        { onProgress: () => controller.abort(), signal: controller.signal },
      ),
    );
    expect(error.message).toBe('the import was cancelled; the table is as it was before');
    expect(query(db, 'SELECT n FROM numbers')).toEqual([{ n: 1 }]);
    expect(query(db, "SELECT status FROM triad_imports WHERE status = 'cancelled'")).toHaveLength(1);
  });
});

describe('append and replace', () => {
  it("keeps checkpointing while an append copies the table's rows, so the log stays small", async () => {
    const db = newProject();
    const rows = 600_000;
    const lines = Array.from({ length: rows }, (_, row) => `${row},${row % 7}`);
    await ingest(db, { file: writeFile('big.csv', `id,n\n${lines.join('\n')}\n`), table: 'big' });
    // A connection left open keeps the log file after the import's connection closes.
    const holder = connectDatabase(db);
    try {
      await ingest(db, { file: writeFile('more.csv', 'id,n\n1,1\n'), table: 'big', mode: 'append' });
      // The append copies the table's rows (about 6 MB) 50,000 at a time; with a checkpoint after
      // each commit the log never holds much more than one such transaction.
      expect(statSync(`${db}-wal`).size).toBeLessThan(3_000_000);
    } finally {
      holder.close();
    }
    expect(query(db, 'SELECT count(*) AS n FROM big')).toEqual([{ n: rows + 1 }]);
  });

  it('checkpoints after each commit while batches go in through SQL, so the log holds a few commits, not the import', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('wide.csv', 'id,n,extra\n0,0,x\n'), table: 'wide' });
    const rows = 600_000;
    const lines = Array.from({ length: rows }, (_, row) => `${row},${row % 7}`);
    const holder = connectDatabase(db);
    try {
      // The table has a column the file lacks: every batch goes in through SQL, 10,000 rows a commit.
      await ingest(db, { file: writeFile('narrow.csv', `id,n\n${lines.join('\n')}\n`), table: 'wide', mode: 'append' });
      // Unchecked, the log would hold all 600,000 rows (21 MB); each commit finds it checkpointed
      // (0.8 MB measured; 6 MB when a checkpoint the reader has not started is not taken back).
      expect(statSync(`${db}-wal`).size).toBeLessThan(3_000_000);
    } finally {
      holder.close();
    }
    expect(query(db, 'SELECT count(*) AS n, count(extra) AS extra FROM wide')).toEqual([{ n: rows + 1, extra: 1 }]);
  });

  it('appends by column name with the table’s types, and refuses unknown columns', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('a.csv', 'id,score\n1,0.5\n'), table: 'scores' });
    await ingest(db, { file: writeFile('b.csv', 'score,id\n2,2\n'), table: 'scores', mode: 'append' });
    expect(query(db, 'SELECT id, score FROM scores ORDER BY id')).toEqual([
      { id: 1, score: 0.5 },
      { id: 2, score: 2 },
    ]);
    const error = await rejectedTriadError(
      ingest(db, { file: writeFile('c.csv', 'id,extra\n3,x\n'), table: 'scores', mode: 'append' }),
    );
    expect(error.message).toBe('cannot append to scores: it has no column extra (its columns: id, score)');
    expect(query(db, 'SELECT row_count FROM triad_tables')).toEqual([{ row_count: 2 }]);
  });

  it('creates a new table in mode create, says so, and refuses to touch an existing one', async () => {
    const db = newProject();
    const created = await ingest(db, { file: writeFile('a.csv', 'id\n1\n'), table: 'ids', mode: 'create' });
    expect(created.created).toBe(true);
    const error = await rejectedTriadError(
      ingest(db, { file: writeFile('b.csv', 'id\n2\n3\n'), table: 'ids', mode: 'create' }),
    );
    expect(error.code).toBe('already_exists');
    expect(error.message).toBe(
      'table ids already exists, so nothing was imported: choose mode append to add the rows to it, or replace to replace it',
    );
    expect(query(db, 'SELECT id FROM ids')).toEqual([{ id: 1 }]);
    expect(query(db, "SELECT count(*) AS n FROM triad_imports WHERE status = 'failed'")).toEqual([{ n: 0 }]);
    const appended = await ingest(db, { file: writeFile('c.csv', 'id\n4\n'), table: 'ids', mode: 'append' });
    expect(appended.created).toBe(false);
  });

  it('replaces a table with a new schema in one step', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('a.csv', 'id,score\n1,0.5\n'), table: 't' });
    await ingest(db, { file: writeFile('b.csv', 'label\nyes\nno\n'), table: 't' });
    expect(query(db, 'SELECT * FROM t')).toEqual([{ label: 'yes' }, { label: 'no' }]);
    expect(query(db, "SELECT name, type FROM triad_columns WHERE table_name = 't'")).toEqual([
      { name: 'label', type: 'text' },
    ]);
  });

  it('loads what reads a table only to replace one that exists', async () => {
    const db = newProject();
    const loads: string[] = [];
    const dependents = async () => {
      loads.push('loaded');
      return NO_DEPENDENTS;
    };
    await ingest(db, { file: writeFile('a.csv', 'id\n1\n'), table: 'fresh' }, { dependents });
    expect(loads).toEqual([]);
    await ingest(db, { file: writeFile('b.csv', 'id\n2\n'), table: 'fresh' }, { dependents });
    expect(loads).toEqual(['loaded']);
    expect(query(db, 'SELECT id FROM fresh')).toEqual([{ id: 2 }]);
  });

  it('refuses to replace a table a view reads when no dependents are named, leaving both as they were', async () => {
    const db = newProject();
    await ingest(db, { file: writeFile('a.csv', 'id\n1\n'), table: 'ids' });
    const connection = connectDatabase(db);
    connection.exec('CREATE VIEW doubled AS SELECT id * 2 AS twice FROM ids');
    connection.close();
    const error = await rejectedTriadError(ingest(db, { file: writeFile('b.csv', 'id\n5\n'), table: 'ids' }));
    expect(error.message).toContain('view doubled may read the table being replaced');
    expect(query(db, 'SELECT twice FROM doubled')).toEqual([{ twice: 2 }]);
    expect(
      query(
        db,
        "SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'triad_staging_%' OR name LIKE 'triad_retired_%'",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('previews', () => {
  it('warns when a single column looks like it holds several (a wrong delimiter)', async () => {
    const { previewFile } = await import('./preview.js');
    const file = writeFile('wrong.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    const preview = await previewFile(file, { csv: { delimiter: ';' } });
    expect(preview.columns.map((column) => column.name)).toEqual(['a,b,c']);
    expect(preview.warnings).toEqual([
      'only one column was found, but its values contain separators: check the delimiter',
    ]);
    expect((await previewFile(file)).warnings).toEqual([]);
  });
});
