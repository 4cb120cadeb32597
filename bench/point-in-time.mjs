// Historical retrieval, side by side with pandas merge_asof (by entity, same TTL) on the same data.
// Usage: npm run bench (after npm run build). Needs /usr/bin/python3 with pandas (Debian python3-pandas).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, openProject } from '../dist/electron/backend/db/project-folder.js';
import { recordTable } from '../dist/electron/backend/db/table-catalog.js';
import { applyDefinitions } from '../dist/electron/backend/features/apply-definitions.js';
import { parseDefinitions } from '../dist/electron/backend/features/parse-definitions.js';
import { createRowInserter } from '../dist/electron/backend/ingest/row-inserter.js';
import { seededRandom } from '../dist/shared/seeded-random.js';
import { timeProcess } from './time-process.mjs';

const ENTITY_ROWS = Number(process.env.BENCH_ENTITY_ROWS ?? 1_000_000);
const FEATURE_ROWS = Number(process.env.BENCH_FEATURE_ROWS ?? 5_000_000);
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 100_000);
const FEATURES = 10;
const TTL_MS = 30 * 86_400_000;
const ROUNDS = 3;
const YEAR_MS = 365 * 86_400_000;
const START = Date.UTC(2024, 0, 1);
const work = mkdtempSync(join(tmpdir(), 'triad-bench-pit-'));
const TRIAD = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// mulberry32: an LCG computed in doubles loses its low bits and repeats within a few thousand draws.
const random = seededRandom(7);

function generate() {
  const f = {
    entity: new Int32Array(FEATURE_ROWS),
    ts: new BigInt64Array(FEATURE_ROWS),
    values: Array.from({ length: FEATURES }, () => new Float64Array(FEATURE_ROWS)),
  };
  for (let row = 0; row < FEATURE_ROWS; row += 1) {
    f.entity[row] = Math.floor(random() * ENTITIES);
    f.ts[row] = BigInt(START + Math.floor(random() * YEAR_MS));
    for (const values of f.values) values[row] = Math.round(random() * 1e6) / 1e3;
  }
  const e = { entity: new Int32Array(ENTITY_ROWS), ts: new BigInt64Array(ENTITY_ROWS) };
  for (let row = 0; row < ENTITY_ROWS; row += 1) {
    e.entity[row] = Math.floor(random() * ENTITIES);
    e.ts[row] = BigInt(START + Math.floor(random() * YEAR_MS));
  }
  const write = (name, array) => writeFileSync(join(work, `${name}.bin`), Buffer.from(array.buffer));
  write('f_entity', f.entity);
  write('f_ts', f.ts);
  for (const [index, values] of f.values.entries()) write(`f_${index}`, values);
  write('e_entity', e.entity);
  write('e_ts', e.ts);
  return { f, e };
}

function load(project, { f, e }) {
  const db = project.db;
  const featureColumns = ['entity_id', 'ts', ...f.values.map((_, index) => `feature_${index}`)];
  db.exec(
    `CREATE TABLE events (entity_id INTEGER, ts INTEGER, ${f.values.map((_, index) => `feature_${index} REAL`).join(', ')})`,
  );
  db.exec('CREATE TABLE labels (entity_id INTEGER, ts INTEGER)');
  db.transaction(() => {
    const events = createRowInserter(db, 'events', featureColumns);
    const row = new Array(featureColumns.length);
    for (let index = 0; index < FEATURE_ROWS; index += 1) {
      row[0] = f.entity[index];
      row[1] = Number(f.ts[index]);
      for (let column = 0; column < FEATURES; column += 1) row[column + 2] = f.values[column][index];
      events.add(row);
    }
    events.flush();
    const labels = createRowInserter(db, 'labels', ['entity_id', 'ts']);
    for (let index = 0; index < ENTITY_ROWS; index += 1) labels.add([e.entity[index], Number(e.ts[index])]);
    labels.flush();
    const now = new Date().toISOString();
    recordTable(
      db,
      'events',
      featureColumns.map((name, index) => ({
        name,
        type: index === 1 ? 'timestamp' : index === 0 ? 'integer' : 'real',
        format: null,
      })),
      now,
    );
    recordTable(
      db,
      'labels',
      [
        { name: 'entity_id', type: 'integer', format: null },
        { name: 'ts', type: 'timestamp', format: null },
      ],
      now,
    );
  })();
  const definitions = `entities: [{ name: entity, join_keys: [entity_id] }]
feature_views:
  - { name: event_features, entities: [entity], source: SELECT * FROM events, timestamp_field: ts, ttl: 30d }
feature_services:
  - { name: bench, features: [event_features] }
`;
  applyDefinitions(db, parseDefinitions(definitions, 'bench.yaml'), 'bench.yaml', false);
}

try {
  const data = generate();
  const project = createProject(join(work, 'project'));
  load(project, data);

  project.close();

  // The setup wrote about 1 GB (the project and the files pandas reads): let the system write it out
  // before either side is timed, so neither measures the kernel flushing the setup's pages.
  execFileSync('sync');
  // Each side three times, taking turns, each build in a fresh process (as cold as a user's first):
  // one sample per side moved the ratio by a third between runs of the same code.
  const triadRuns = [];
  const pandasRuns = [];
  let pandasVersion = '';
  for (let round = 0; round < ROUNDS; round += 1) {
    triadRuns.push(
      JSON.parse(
        execFileSync(process.execPath, [join(import.meta.dirname, 'pit-triad.mjs'), work], { encoding: 'utf8' }),
      ),
    );
    const pandas = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          join(import.meta.dirname, 'pit-pandas.py'),
          work,
          String(ENTITY_ROWS),
          String(FEATURE_ROWS),
          String(FEATURES),
          String(TTL_MS),
        ],
        { encoding: 'utf8' },
      ),
    );
    pandasRuns.push(pandas.seconds);
    pandasVersion = pandas.pandas;
  }
  const triadSeconds = median(triadRuns.map((run) => run.seconds));
  const pandasSeconds = median(pandasRuns);

  const ours = new Float64Array(readFileSync(join(work, 'triad_feature_0.bin')).buffer.slice(0));
  const theirs = new Float64Array(readFileSync(join(work, 'pandas_feature_0.bin')).buffer.slice(0));
  let differences = 0;
  let matched = 0;
  for (let row = 0; row < ENTITY_ROWS; row += 1) {
    const a = ours[row];
    const b = theirs[row];
    if (!Number.isNaN(a)) matched += 1;
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) differences += 1;
  }
  const list = (values) => values.map((value) => value.toFixed(2)).join(', ');
  console.log(
    `Point-in-time join: ${ENTITY_ROWS.toLocaleString('en-US')} entity rows x ${FEATURE_ROWS.toLocaleString('en-US')} feature rows (${FEATURES} features, ${ENTITIES.toLocaleString('en-US')} entities, TTL 30 days), medians of ${ROUNDS} rounds taking turns`,
  );
  console.log(
    `  pandas ${pandasVersion} merge_asof (sorts + join, data in memory)   ${pandasSeconds.toFixed(2)} s  (${list(pandasRuns)})`,
  );
  console.log(
    `  triad buildTrainingSet (reads the view from SQLite + join), each in a new process  ${triadSeconds.toFixed(2)} s  (${list(triadRuns.map((run) => run.seconds))})`,
  );
  console.log(`  ratio (pandas time / triad time): ${(pandasSeconds / triadSeconds).toFixed(2)}  (goal >= 1.5)`);
  console.log(`  results: ${matched.toLocaleString('en-US')} rows matched; ${differences} rows differ from pandas`);
  console.log(
    `  memory: the build raised its process's RSS by ${median(triadRuns.map((run) => run.raisedMb)).toFixed(0)} MB at its peak (median; sampled every 20 ms; reader threads included)`,
  );
  if (differences > 0) process.exitCode = 1;

  // As a user meets it: whole processes, each from its start to its exit. Triad's command reads
  // the project, joins, and stores the training set as a table with its Parquet snapshot; the
  // pandas script loads the raw arrays, joins, and saves every joined column as raw arrays.
  const pandasArgs = [String(ENTITY_ROWS), String(FEATURE_ROWS), String(FEATURES), String(TTL_MS), 'save'];
  const wholeTriad = [];
  const wholePandas = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    wholeTriad.push(
      timeProcess(process.execPath, [
        TRIAD,
        'features',
        'history',
        '--entities',
        'labels',
        '--service',
        'bench',
        '--table',
        'bench_training',
        '--project',
        join(work, 'project'),
      ]),
    );
    wholePandas.push(
      timeProcess('/usr/bin/python3', [join(import.meta.dirname, 'pit-pandas.py'), work, ...pandasArgs]),
    );
  }
  const wholeTriadSeconds = median(wholeTriad.map((run) => run.seconds));
  const wholePandasSeconds = median(wholePandas.map((run) => run.seconds));
  console.log(
    `  whole processes: triad features history (join + table + Parquet snapshot) ${wholeTriadSeconds.toFixed(2)} s (${list(wholeTriad.map((run) => run.seconds))}), peak ${median(wholeTriad.map((run) => run.peakMb)).toFixed(0)} MB`,
  );
  console.log(
    `                   python3 + pandas (load + merge_asof + save) ${wholePandasSeconds.toFixed(2)} s (${list(wholePandas.map((run) => run.seconds))}), peak ${median(wholePandas.map((run) => run.peakMb)).toFixed(0)} MB`,
  );
  console.log(`  ratio whole processes: ${(wholePandasSeconds / wholeTriadSeconds).toFixed(2)}  (goal >= 1.5)`);
  // The stored training set holds what the in-process build did.
  const stored = openProject(join(work, 'project'));
  const storedFeature = stored.db.prepare('SELECT feature_0 FROM bench_training ORDER BY rowid').pluck().all();
  stored.close();
  const storedDifferences = storedFeature.filter(
    (value, row) => (value ?? Number.NaN) !== ours[row] && !(value === null && Number.isNaN(ours[row])),
  ).length;
  console.log(
    `  the stored training set: ${storedFeature.length.toLocaleString('en-US')} rows, ${storedDifferences} differ from the in-process build`,
  );
  if (storedDifferences > 0 || storedFeature.length !== ENTITY_ROWS) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
