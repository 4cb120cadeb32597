// One point-in-time build for bench/point-in-time.mjs, in a process of its own (cold, as the first
// build a user runs): builds the training set of the bench's project, times it, samples this
// process's RSS, and writes feature_0 in entity-row order for the comparison with pandas.
// Usage: node bench/pit-triad.mjs WORK_DIR
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openProject } from '../dist/electron/backend/db/project-folder.js';
import { resolveService } from '../dist/electron/backend/features/feature-registry.js';
import { buildTrainingSet } from '../dist/electron/backend/features/historical-retrieval.js';
import { valueAt } from '../dist/electron/backend/ingest/value-columns.js';

const work = process.argv[2];
const project = openProject(join(work, 'project'));
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 20);
const started = process.hrtime.bigint();
const trainingSet = await buildTrainingSet(project.db, 'labels', 'ts', resolveService(project.db, 'bench'), {
  readers: availableParallelism(),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
const feature = trainingSet.values[trainingSet.columns.findIndex((column) => column.name === 'feature_0')];
const out = new Float64Array(trainingSet.rowCount);
for (let row = 0; row < out.length; row += 1) out[row] = valueAt(feature, row) ?? Number.NaN;
writeFileSync(join(work, 'triad_feature_0.bin'), out);
project.close();
console.log(JSON.stringify({ seconds, raisedMb: (rssPeak - rssBefore) / 1e6 }));
