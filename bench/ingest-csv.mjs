// CSV ingest, side by side with the sqlite3 shell's .import of the same file into a typed table:
// - in process: Triad's ingestFile in this process against the sqlite3 process;
// - whole processes, as a user runs them: `triad ingest` against `sqlite3`, each with its peak memory.
// Three rounds, interleaved (this machine's speed drifts by tens of percent over minutes); medians
// compared. Each round imports into a new project and a new database file.
// Usage: npm run bench (after npm run build). Rows: BENCH_ROWS (default 1,000,000).
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, createProject, DATABASE_FILE } from '../dist/electron/backend/db/project-folder.js';
import { ingestFile } from '../dist/electron/backend/ingest/ingest.js';
import { seededRandom } from '../dist/shared/seeded-random.js';
import { timeProcess } from './time-process.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = 3;
const GOAL = 1.5;
const TRIAD = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
const work = mkdtempSync(join(tmpdir(), 'triad-bench-csv-'));
const csv = join(work, 'events.csv');

/** 10 typed columns: ids, counts, measures, a category, a flag and an event timestamp. */
async function writeCsv() {
  const out = createWriteStream(csv);
  out.write('id,user_id,item_id,quantity,price,discount,score,category,is_return,event_ts\n');
  const categories = ['books', 'games', 'garden', 'kitchen', 'music', 'toys'];
  // mulberry32: an LCG computed in doubles loses its low bits and repeats within a few thousand draws.
  const random = seededRandom(42);
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

const script = join(work, 'import.sql');
writeFileSync(
  script,
  [
    'PRAGMA journal_mode=WAL;',
    'CREATE TABLE events (id INTEGER, user_id INTEGER, item_id INTEGER, quantity INTEGER, price REAL, discount REAL, score REAL, category TEXT, is_return TEXT, event_ts TEXT);',
    '.mode csv',
    `.import --skip 1 ${csv} events`,
    '',
  ].join('\n'),
);

function sqliteShell(round) {
  return timeProcess('sqlite3', [join(work, `shell-${round}.sqlite`)], script);
}

function triadCli(round) {
  const dir = join(work, `cli-${round}`);
  createProject(dir).close();
  return timeProcess(process.execPath, [TRIAD, 'ingest', csv, '--table', 'events', '--project', dir]);
}

async function triadInProcess(round) {
  const dir = join(work, `project-${round}`);
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

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  await writeCsv();
  const megabytes = statSync(csv).size / 1e6;
  const shell = [];
  const cli = [];
  const inProcess = [];
  let columns = '';
  for (let round = 0; round < ROUNDS; round += 1) {
    shell.push(sqliteShell(round));
    const triad = await triadInProcess(round);
    inProcess.push(triad.seconds);
    columns = triad.columns;
    cli.push(triadCli(round));
  }
  const shellSeconds = median(shell.map((run) => run.seconds));
  const cliSeconds = median(cli.map((run) => run.seconds));
  const inProcessSeconds = median(inProcess);
  const rate = (seconds) => Math.round(ROWS / seconds).toLocaleString('en-US');
  const list = (values) => values.map((value) => value.toFixed(2)).join(', ');
  console.log(
    `CSV ingest: ${ROWS.toLocaleString('en-US')} rows x 10 columns, ${megabytes.toFixed(1)} MB, medians of ${ROUNDS} rounds`,
  );
  console.log(
    `  sqlite3 .import, whole process     ${shellSeconds.toFixed(2)} s  ${rate(shellSeconds)} rows/s  (${list(shell.map((run) => run.seconds))})  peak ${median(shell.map((run) => run.peakMb)).toFixed(0)} MB`,
  );
  console.log(
    `  triad ingestFile, in process       ${inProcessSeconds.toFixed(2)} s  ${rate(inProcessSeconds)} rows/s  (${list(inProcess)})`,
  );
  console.log(
    `  triad ingest, whole process        ${cliSeconds.toFixed(2)} s  ${rate(cliSeconds)} rows/s  (${list(cli.map((run) => run.seconds))})  peak ${median(cli.map((run) => run.peakMb)).toFixed(0)} MB`,
  );
  console.log(
    `  ratio in process (sqlite3 s / triad s): ${(shellSeconds / inProcessSeconds).toFixed(2)}  (goal >= ${GOAL})`,
  );
  console.log(`  ratio whole processes:                  ${(shellSeconds / cliSeconds).toFixed(2)}  (goal >= ${GOAL})`);
  console.log(`  inferred schema: ${columns}`);
  console.log(
    `  peak RSS of this process (in-process imports): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
