// Parquet ingest of vega-datasets' flights-3m.parquet (3,000,000 rows). Goal (issue 14): >= 1,500,000 rows/s for the whole `triad ingest` process; this measures it in process.
// Usage: npm run bench (after npm run build).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectDatabase, createProject, DATABASE_FILE } from '../dist/electron/backend/db/project-folder.js';
import { ingestFile } from '../dist/electron/backend/ingest/ingest.js';

const file = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'flights-3m.parquet');
const work = mkdtempSync(join(tmpdir(), 'triad-bench-parquet-'));
try {
  const dir = join(work, 'project');
  createProject(dir).close();
  const started = process.hrtime.bigint();
  const result = await ingestFile(
    join(dir, DATABASE_FILE),
    { file, table: 'flights', mode: 'replace' },
    {},
    connectDatabase,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(result.rowsImported / seconds);
  console.log(
    `Parquet ingest: flights-3m.parquet, ${(statSync(file).size / 1e6).toFixed(1)} MB, ${result.rowsImported.toLocaleString('en-US')} rows x ${result.columns.length} columns`,
  );
  console.log(
    `  triad ingest   ${seconds.toFixed(2)} s  ${rate.toLocaleString('en-US')} rows/s  (goal >= 1,500,000 rows/s for the whole process; this is in process: ${rate >= 1_500_000 ? 'met' : 'not met'})`,
  );
  console.log(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
