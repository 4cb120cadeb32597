// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipelines hold ${…} references.
// The pipeline runner's own cost, in one run:
// - a 20-step pipeline of trivial steps (each a one-row SQL table, each step waiting for the one
//   before): the run's time beyond its steps' own work (each step's job from start to end), in
//   process and as a whole `triad run` process (goal: under 1 s beyond the steps' work);
// - a real pipeline over vega-datasets' cars (import, SQL, split, train, evaluate with a gate,
//   register), run once, then again unchanged: the fully cached re-run's time as a share of the
//   first run's (goal: under 5%);
// - the sample project's flight_delays pipeline (training set over two feature views, SQL, split,
//   GBDT, evaluate with a gate, register): its first run, then a fully cached re-run, in process
//   and as whole `triad run` processes (goal: the re-run under 5% of the first run's time).
// Usage: npm run bench (after npm run build), or node bench/pipeline-runner.mjs alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../dist/electron/backend/contract/event-bus.js';
import { createProject, openProject } from '../dist/electron/backend/db/project-folder.js';
import { JobManager } from '../dist/electron/backend/jobs/job-manager.js';
import { JobStore } from '../dist/electron/backend/jobs/job-store.js';
import { PipelineRunner } from '../dist/electron/backend/jobs/pipeline-runner.js';
import { WorkerPool } from '../dist/electron/backend/jobs/worker-pool.js';
import { createSampleProject } from '../dist/electron/backend/sample/sample-project.js';

const TRIAD = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
const STEPS = 20;

function chain() {
  const steps = Array.from({ length: STEPS }, (_, index) => {
    const from = index === 0 ? '' : ` FROM \${steps.s${index - 1}.table}`;
    return `  - name: s${index}\n    kind: sql\n    cache: false\n    with: { sql: "SELECT ${index} AS x${from}", table: t${index} }\n`;
  });
  return `name: chain\nsteps:\n${steps.join('')}`;
}

const CARS = readFileSync(
  join(import.meta.dirname, '..', 'electron', 'backend', 'test-support', 'fuel-pipeline.yaml'),
  'utf8',
);

/** Which share of `first` `again` took, and whether that meets the goal of 5% with every step cached. */
function cachedShare(first, again, allCached) {
  const share = again / first;
  return `${(100 * share).toFixed(1)}% of the first (goal < 5%: ${allCached && share < 0.05 ? 'met' : 'not met'})`;
}

/**
 * The sample project as a user gets it, but with its pipeline never run: the run the sample makes
 * when it is created is forgotten, so the next run finds nothing to reuse.
 */
async function sampleWithoutRuns(dir) {
  (await createSampleProject(dir)).close();
  return forgetRuns(dir);
}

function forgetRuns(dir) {
  const project = openProject(dir);
  project.db.exec('DELETE FROM triad_pipeline_runs');
  return project;
}

/** The seconds each step's job ran, summed. */
function stepWork(project, run) {
  const jobs = new JobStore(project.db);
  return run.steps.reduce((sum, step) => {
    if (!step.jobId) return sum;
    const job = jobs.summary(step.jobId);
    return sum + (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
  }, 0);
}

const work = mkdtempSync(join(tmpdir(), 'triad-bench-pipelines-'));
try {
  const project = createProject(join(work, 'project'));
  const cars = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data', 'cars.json'), 'utf8'),
  );
  writeFileSync(join(project.path, 'cars.ndjson'), `${cars.map((car) => JSON.stringify(car)).join('\n')}\n`);
  const pool = new WorkerPool(availableParallelism());
  const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'cli'));
  const timed = async (file, text, params = {}) => {
    const started = performance.now();
    const run = await runner.run(project, { file, text, params, reason: 'manual' });
    if (run.state !== 'succeeded') throw new Error(`${file}: ${run.error}`);
    return { run, seconds: (performance.now() - started) / 1000 };
  };
  console.log(`Pipeline runner (${availableParallelism()} cores):`);
  // The first run warms the pool's threads; the second is measured.
  await timed('chain.yaml', chain());
  const chained = await timed('chain.yaml', chain());
  const own = stepWork(project, chained.run);
  console.log(
    `  ${STEPS} trivial steps in a chain, in process: ${chained.seconds.toFixed(2)} s, steps' own work ${own.toFixed(2)} s, runner ${(chained.seconds - own).toFixed(2)} s beyond it (goal < 1 s: ${chained.seconds - own < 1 ? 'met' : 'not met'})`,
  );
  const rounds = { rounds: 100 };
  const first = await timed('fuel.yaml', CARS, rounds);
  const cached = await timed('fuel.yaml', CARS, rounds);
  const allCached = cached.run.steps.every((step) => step.state === 'cached');
  console.log(
    `  cars pipeline (import, SQL, split, train 100 rounds, evaluate, register): first run ${first.seconds.toFixed(2)} s, unchanged re-run ${cached.seconds.toFixed(3)} s${allCached ? ' (every step cached)' : ' (NOT every step cached)'}, ${cachedShare(first.seconds, cached.seconds, allCached)}`,
  );
  const sampleDir = join(work, 'sample');
  const sample = await sampleWithoutRuns(sampleDir);
  const flightDelays = readFileSync(join(sampleDir, 'pipelines', 'flight_delays.yaml'), 'utf8');
  const timedSample = async () => {
    const started = performance.now();
    const run = await runner.run(sample, {
      file: 'flight_delays.yaml',
      text: flightDelays,
      params: {},
      reason: 'manual',
    });
    if (run.state !== 'succeeded') throw new Error(`flight_delays: ${run.error}`);
    return { run, seconds: (performance.now() - started) / 1000 };
  };
  const sampleFirst = await timedSample();
  const sampleAgain = await timedSample();
  const sampleCached = sampleAgain.run.steps.every((step) => step.state === 'cached');
  console.log(
    `  sample flight_delays pipeline (training set of 2,000 rows over 2 feature views, SQL, split, GBDT 100 trees, evaluate, register), in process: first run ${sampleFirst.seconds.toFixed(2)} s, unchanged re-run ${sampleAgain.seconds.toFixed(3)} s${sampleCached ? ' (every step cached)' : ' (NOT every step cached)'}, ${cachedShare(sampleFirst.seconds, sampleAgain.seconds, sampleCached)}`,
  );
  sample.close();
  forgetRuns(sampleDir).close();
  const runProcess = () => {
    const started = performance.now();
    const printed = execFileSync(process.execPath, [TRIAD, 'run', 'flight_delays', '--project', sampleDir, '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { run: JSON.parse(printed), seconds: (performance.now() - started) / 1000 };
  };
  const processFirst = runProcess();
  const processAgain = runProcess();
  const processCached = processAgain.run.steps.every((step) => step.state === 'cached');
  console.log(
    `  the same as whole \`triad run flight_delays\` processes: first ${processFirst.seconds.toFixed(2)} s, unchanged re-run ${processAgain.seconds.toFixed(3)} s${processCached ? ' (every step cached)' : ' (NOT every step cached)'}, ${cachedShare(processFirst.seconds, processAgain.seconds, processCached)}`,
  );
  await pool.close();
  mkdirSync(join(project.path, 'pipelines'));
  writeFileSync(join(project.path, 'pipelines', 'chain.yaml'), chain());
  project.close();
  const started = performance.now();
  const printed = execFileSync(
    process.execPath,
    [TRIAD, 'run', 'chain', '--project', join(work, 'project'), '--json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const whole = (performance.now() - started) / 1000;
  const steps = JSON.parse(printed).steps;
  const stepsTime = steps.reduce(
    (sum, step) => sum + (Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000,
    0,
  );
  const nodeStarted = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  const nodeAlone = (performance.now() - nodeStarted) / 1000;
  console.log(
    `  the same ${STEPS} steps as a whole \`triad run\` process: ${whole.toFixed(2)} s, its steps (start to end, job start-up included) ${stepsTime.toFixed(2)} s, ${(whole - stepsTime).toFixed(2)} s beyond them (node -e 0 takes ${nodeAlone.toFixed(2)} s; goal < 1 s: ${whole - stepsTime < 1 ? 'met' : 'not met'})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
