// Online retrieval latency, in process: one entity, and 100 entities, each with 10 features,
// - as the model server reads them for calls by entity id (its own read-only connection, one
//   snapshot shared for up to 50 ms: no locking per lookup);
// - as a one-off read on the app's connection (each lookup takes and drops the database's lock).
// Goal: p99 under 20 µs for one entity as the model server reads it, once every entity was read
// once (the store's pages cached, as in a server that has been answering for a while; the first
// reads are shown apart).
// Usage: npm run bench (after npm run build).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, DATABASE_FILE } from '../dist/electron/backend/db/project-folder.js';
import { recordTable } from '../dist/electron/backend/db/table-catalog.js';
import { applyDefinitions } from '../dist/electron/backend/features/apply-definitions.js';
import { resolveService } from '../dist/electron/backend/features/feature-registry.js';
import { materialize } from '../dist/electron/backend/features/materialize.js';
import { OnlineReader } from '../dist/electron/backend/features/online-retrieval.js';
import { parseDefinitions } from '../dist/electron/backend/features/parse-definitions.js';
import { createRowInserter } from '../dist/electron/backend/ingest/row-inserter.js';
import { EntityFeatures } from '../dist/electron/backend/model-server/entity-features.js';

const ENTITIES = 100_000;
const FEATURES = 10;
const SAMPLES = 20_000;
const work = mkdtempSync(join(tmpdir(), 'triad-bench-online-'));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `samples` calls of `run` after `warmUp` untimed ones; prints and returns the p99 in µs. */
function measure(label, run, { warmUp = 2000, samples = SAMPLES } = {}) {
  for (let warm = 0; warm < warmUp; warm += 1) run(warm);
  const times = new Float64Array(samples);
  for (let sample = 0; sample < samples; sample += 1) {
    const started = process.hrtime.bigint();
    run(sample);
    times[sample] = Number(process.hrtime.bigint() - started) / 1000;
  }
  times.sort();
  console.log(
    `  ${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} µs   p99 ${percentile(times, 99).toFixed(1).padStart(7)} µs`,
  );
  return percentile(times, 99);
}

try {
  const project = createProject(join(work, 'project'));
  const db = project.db;
  const columns = ['user_id', 'ts', ...Array.from({ length: FEATURES }, (_, index) => `feature_${index}`)];
  db.exec(
    `CREATE TABLE activity (user_id INTEGER, ts INTEGER, ${columns
      .slice(2)
      .map((name) => `${name} REAL`)
      .join(', ')})`,
  );
  db.transaction(() => {
    const inserter = createRowInserter(db, 'activity', columns);
    for (let user = 0; user < ENTITIES; user += 1)
      inserter.add([
        user,
        Date.UTC(2024, 0, 1) + user,
        ...Array.from({ length: FEATURES }, (_, index) => user * 0.1 + index),
      ]);
    inserter.flush();
    recordTable(
      db,
      'activity',
      columns.map((name, index) => ({
        name,
        type: index === 0 ? 'integer' : index === 1 ? 'timestamp' : 'real',
        format: null,
      })),
      new Date().toISOString(),
    );
  })();
  applyDefinitions(
    db,
    parseDefinitions(
      `entities: [{ name: user, join_keys: [user_id] }]
feature_views: [{ name: activity_features, entities: [user], source: SELECT * FROM activity, timestamp_field: ts }]
feature_services: [{ name: online, features: [activity_features] }]
`,
      'bench.yaml',
    ),
    'bench.yaml',
    false,
  );
  materialize(db, ['activity_features'], () => ({ startMs: null, endMs: Date.now() }));
  const reader = new OnlineReader(db, resolveService(db, 'online'));
  const now = Date.now();
  const entity = (sample) => ({ user_id: (sample * 7919) % ENTITIES });
  const hundred = (sample) => Array.from({ length: 100 }, (_, index) => entity(sample * 101 + index));
  console.log(
    `Online retrieval: ${ENTITIES.toLocaleString('en-US')} entities x ${FEATURES} features materialized, ${SAMPLES.toLocaleString('en-US')} samples each`,
  );
  console.log(" one-off reads on the app's connection:");
  measure('1 entity x 10 features', (sample) => reader.get(entity(sample), now));
  measure('100 entities x 10 features', (sample) => {
    for (const key of hundred(sample)) reader.get(key, now);
  });
  // Opened after the one-off reads: while it holds a snapshot, this process already holds the
  // database's shared lock, and the app connection's reads would not pay for taking it.
  const served = new EntityFeatures(join(work, 'project', DATABASE_FILE));
  console.log(' as the model server reads them (calls by entity id):');
  measure('first read of each entity', (user) => served.lookup('online', [{ user_id: user }], now), {
    warmUp: 0,
    samples: ENTITIES,
  });
  const single = measure('1 entity x 10 features', (sample) => served.lookup('online', [entity(sample)], now));
  measure('100 entities x 10 features, one call', (sample) => served.lookup('online', hundred(sample), now));
  served.close();
  console.log(
    `  goal: p99 under 20 µs for one entity as the model server reads it: ${single < 20 ? 'met' : 'not met'}`,
  );
  console.log(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  project.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
