// Pipeline bundles as whole `triad bundle` processes, on a pipeline that reads one generated table
// of 1,000,000 rows x 5 columns (integer, timestamp, real, integer, integer):
// - export with its data (the table written as Parquet, a row group at a time, into the zip);
// - verify (every entry's name, size and SHA-256), beside `unzip -tq` on the same file, which
//   checks every entry's CRC-32: the reference for reading a whole zip;
// - import into an empty project (the table staged and swapped in, all or nothing).
// No goal is set for these; the figures show what a user waits for.
// Usage: npm run bench (after npm run build), or node bench/bundles.mjs alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '../dist/electron/backend/bundles/bundle-reader.js';

const TRIAD = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
const ROWS = 1_000_000;

const work = mkdtempSync(join(tmpdir(), 'triad-bench-bundles-'));
const env = { ...process.env, TRIAD_HOME: join(work, 'home') };
const triad = (args) => execFileSync(process.execPath, [TRIAD, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });

function timed(run) {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The best of three runs, in seconds. */
function best(run, before = () => {}) {
  const times = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    before();
    times.push(timed(run));
  }
  return Math.min(...times);
}

try {
  const csv = join(work, 'events.csv');
  const lines = ['id,ts,a,b,label'];
  for (let row = 0; row < ROWS; row++)
    lines.push(
      `${row},2024-01-${String(1 + (row % 28)).padStart(2, '0')}T00:00:00Z,${((row * 7919) % 1000) / 1000},${row % 101},${row % 2}`,
    );
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const project = join(work, 'source');
  triad(['init', project]);
  triad(['ingest', csv, '--table', 'events', '--project', project]);
  mkdirSync(join(project, 'pipelines'));
  writeFileSync(
    join(project, 'pipelines', 'events.yaml'),
    'name: events\nsteps:\n  - name: pick\n    kind: sql\n    with: { sql: "SELECT a, b, label FROM events", table: picked }\n',
  );
  const bundle = join(work, 'events.triad');
  const exportSeconds = best(() =>
    triad(['bundle', 'export', '--project', project, '--pipeline', 'events', '--with-data', '--out', bundle]),
  );
  const bytes = statSync(bundle).size;
  const verifySeconds = best(() => triad(['bundle', 'verify', bundle]));
  const readTimes = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = process.hrtime.bigint();
    await readBundle(bundle);
    readTimes.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const nodeSeconds = best(() => execFileSync(process.execPath, ['-e', '0']));
  const unzipSeconds = best(() => execFileSync('unzip', ['-tq', bundle], { stdio: 'ignore' }));
  const target = join(work, 'target');
  const importSeconds = best(
    () => triad(['bundle', 'import', bundle, '--project', target]),
    () => {
      rmSync(target, { recursive: true, force: true });
      triad(['init', target]);
    },
  );
  console.log(`Pipeline bundles, ${ROWS.toLocaleString('en-US')} rows x 5 columns, whole processes (best of 3):`);
  console.log(
    `  export with data: ${exportSeconds.toFixed(2)} s (${(ROWS / exportSeconds / 1e6).toFixed(2)} M rows/s), ${(bytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `  verify: ${verifySeconds.toFixed(2)} s as a process (starting Node alone: ${nodeSeconds.toFixed(2)} s), ${Math.min(...readTimes).toFixed(3)} s in process; unzip -tq: ${unzipSeconds.toFixed(3)} s`,
  );
  console.log(
    `  import into an empty project: ${importSeconds.toFixed(2)} s (${(ROWS / importSeconds / 1e6).toFixed(2)} M rows/s)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
