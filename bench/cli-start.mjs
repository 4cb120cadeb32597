// Start-up time of the triad CLI: whole processes (spawn to exit) of `triad --help`, `--version`
// and `status`, side by side with `node -e 0`, the floor any Node program pays.
// Usage: npm run bench (after npm run build), or node bench/cli-start.mjs [runs].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 20);
const GOAL_MS = 100;
const cli = fileURLToPath(new URL('../dist/electron/cli/triad.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'triad-bench-start-'));
const project = join(work, 'project');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function run(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

// Interleaves the commands run by run, so a busy moment of the machine weighs on all of them alike.
function measure(commands) {
  const times = commands.map(() => []);
  for (const { args } of commands) run(args);
  for (let round = 0; round < RUNS; round += 1) {
    commands.forEach(({ args }, index) => {
      times[index].push(run(args));
    });
  }
  return times.map((samples) => {
    samples.sort((a, b) => a - b);
    return { median: percentile(samples, 50), p90: percentile(samples, 90) };
  });
}

try {
  run([cli, 'init', project]);
  const commands = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'triad --help', args: [cli, '--help'] },
    { label: 'triad --version', args: [cli, '--version'] },
    { label: 'triad status', args: [cli, 'status', '--project', project] },
  ];
  console.log(`CLI start-up: ${RUNS} runs of each, whole processes (median, p90)`);
  const [floor, ...figures] = measure(commands);
  console.log(
    `  ${'node -e 0'.padEnd(16)} ${floor.median.toFixed(0).padStart(5)} ms ${floor.p90.toFixed(0).padStart(5)} ms`,
  );
  figures.forEach(({ median, p90 }, index) => {
    const extra = median - floor.median;
    const verdict = extra <= GOAL_MS ? 'met' : 'NOT met';
    console.log(
      `  ${commands[index + 1].label.padEnd(16)} ${median.toFixed(0).padStart(5)} ms ${p90.toFixed(0).padStart(5)} ms` +
        `   +${extra.toFixed(0)} ms, ${(median / floor.median).toFixed(2)}x node -e 0 (goal +${GOAL_MS} ms: ${verdict})`,
    );
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
