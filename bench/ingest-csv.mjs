// CSV ingest, side by side with the sqlite3 shell's .import of the same file into a typed table.
// Usage: npm run bench (after npm run build). Rows: BENCH_ROWS (default 1,000,000).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, createProject, DATABASE_FILE } from '../dist/electron/backend/db/project-folder.js';
import { ingestFile } from '../dist/electron/backend/ingest/ingest.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const work = mkdtempSync(join(tmpdir(), 'triad-bench-csv-'));
const csv = join(work, 'events.csv');

/** 10 typed columns: ids, counts, measures, a category, a flag and an event timestamp. */
async function writeCsv() {
  const out = createWriteStream(csv);
  out.write('id,user_id,item_id,quantity,price,discount,score,category,is_return,event_ts\n');
  const categories = ['books', 'games', 'garden', 'kitchen', 'music', 'toys'];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const start = Date.UTC(2024, 0, 1);
  let chunk = '';
  for (let id = 1; id <= ROWS; id += 1) {
    const ts = new Date(start + Math.floor(random() * 365 * 86_400_000)).toISOString();
    chunk += `${id},${Math.floor(random() * 100_000)},${Math.floor(random() * 5_000)},${1 + Math.floor(random() * 9)},${(random() * 200).toFixed(2)},${(random() * 0.3).toFixed(3)},${(random() * 10 - 5).toFixed(6)},${categories[Math.floor(random() * 6)]},${random() < 0.05 ? 'true' : 'false'},${ts}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function timeSqliteShell() {
  const db = join(work, 'shell.sqlite');
  const script = [
    'PRAGMA journal_mode=WAL;',
    'CREATE TABLE events (id INTEGER, user_id INTEGER, item_id INTEGER, quantity INTEGER, price REAL, discount REAL, score REAL, category TEXT, is_return TEXT, event_ts TEXT);',
    '.mode csv',
    `.import --skip 1 ${csv} events`,
  ].join('\n');
  const started = process.hrtime.bigint();
  execFileSync('sqlite3', [db], { input: script });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function timeTriad() {
  const dir = join(work, 'project');
  createProject(dir).close();
  const started = process.hrtime.bigint();
  const result = await ingestFile(
    join(dir, DATABASE_FILE),
    { file: csv, table: 'events', mode: 'replace' },
    {},
    connectDatabase,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.rowsImported !== ROWS) throw new Error(`imported ${result.rowsImported} rows, expected ${ROWS}`);
  return { seconds, columns: result.columns.map((column) => `${column.name}:${column.type}`).join(' ') };
}

try {
  await writeCsv();
  const megabytes = statSync(csv).size / 1e6;
  const shell = timeSqliteShell();
  const triad = await timeTriad();
  const rate = (seconds) => Math.round(ROWS / seconds).toLocaleString('en-US');
  console.log(`CSV ingest: ${ROWS.toLocaleString('en-US')} rows x 10 columns, ${megabytes.toFixed(1)} MB`);
  console.log(`  sqlite3 .import (typed table)   ${shell.toFixed(2)} s  ${rate(shell)} rows/s`);
  console.log(`  triad ingest (inferred types)   ${triad.seconds.toFixed(2)} s  ${rate(triad.seconds)} rows/s`);
  console.log(`  ratio (triad rows/s / sqlite3 rows/s): ${(shell / triad.seconds).toFixed(2)}  (goal >= 1.0)`);
  console.log(`  inferred schema: ${triad.columns}`);
  console.log(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
