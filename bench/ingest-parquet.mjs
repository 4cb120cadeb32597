// Parquet ingest of vega-datasets' flights-3m.parquet (3,000,000 rows), in process (ingestFile in
// this process) and as a whole `triad ingest` process, as a user runs it; three rounds taking
// turns, medians compared. Goal (issue 14): >= 1,500,000 rows/s for the whole process.
// Usage: npm run bench (after npm run build).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectDatabase, createProject, DATABASE_FILE } from '../dist/electron/backend/db/project-folder.js';
import { ingestFile } from '../dist/electron/backend/ingest/ingest.js';
import { timeProcess } from './time-process.mjs';

const TRIAD = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL_ROWS_PER_SECOND = 1_500_000;
const file = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'flights-3m.parquet');
const work = mkdtempSync(join(tmpdir(), 'triad-bench-parquet-'));

async function inProcess(round) {
  const dir = join(work, `project-${round}`);
  createProject(dir).close();
  const started = process.hrtime.bigint();
  const result = await ingestFile(
    join(dir, DATABASE_FILE),
    { file, table: 'flights', mode: 'create' },
    {},
    connectDatabase,
  );
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    rows: result.rowsImported,
    columns: result.columns.length,
  };
}

function wholeProcess(round) {
  const dir = join(work, `cli-${round}`);
  createProject(dir).close();
  return timeProcess(process.execPath, [TRIAD, 'ingest', file, '--table', 'flights', '--project', dir]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const list = (values) => values.map((value) => value.toFixed(2)).join(', ');

try {
  const inside = [];
  const whole = [];
  for (let round = 0; round < ROUNDS; round++) {
    inside.push(await inProcess(round));
    whole.push(wholeProcess(round));
  }
  const rows = inside[0]?.rows ?? 0;
  const rate = (seconds) => Math.round(rows / seconds);
  const insideSeconds = median(inside.map((run) => run.seconds));
  const wholeSeconds = median(whole.map((run) => run.seconds));
  console.log(
    `Parquet ingest: flights-3m.parquet, ${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows x ${inside[0]?.columns} columns, medians of ${ROUNDS} rounds`,
  );
  console.log(
    `  triad ingestFile, in process   ${insideSeconds.toFixed(2)} s  ${rate(insideSeconds).toLocaleString('en-US')} rows/s  (${list(inside.map((run) => run.seconds))})`,
  );
  console.log(
    `  triad ingest, whole process    ${wholeSeconds.toFixed(2)} s  ${rate(wholeSeconds).toLocaleString('en-US')} rows/s  (${list(whole.map((run) => run.seconds))})  peak ${median(whole.map((run) => run.peakMb)).toFixed(0)} MB`,
  );
  console.log(
    `  goal >= ${GOAL_ROWS_PER_SECOND.toLocaleString('en-US')} rows/s for the whole process: ${rate(wholeSeconds) >= GOAL_ROWS_PER_SECOND ? 'met' : 'not met'}`,
  );
  console.log(
    `  peak RSS of this process (in-process imports): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
