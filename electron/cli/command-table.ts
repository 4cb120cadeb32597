import type { Command } from 'commander';
import type { JobKind } from '../../shared/contract/jobs.js';

/**
 * The CLI's commands as `triad --help` lists them, without loading them: each command module
 * pulls in the backend (SQLite, Parquet and Arrow readers, the contract's schemas), so the CLI
 * imports only the module of the command it runs. `term` and `summary` repeat what each module
 * registers; command-table.test.ts keeps the two the same.
 */
export interface CommandEntry {
  name: string;
  /** The command's name, options marker and arguments, as in the help's list of commands. */
  term: string;
  summary: string;
  load(): Promise<(program: Command) => void>;
  /** The job the command will run with these arguments, if it surely runs one: its worker starts early. */
  jobFor?(args: readonly string[]): JobKind | null;
}

/** A command's job, unless it is only asked for help or a preview. */
const jobUnlessAsking =
  (kind: JobKind) =>
  (args: readonly string[]): JobKind | null =>
    args[0] === 'help' || args.some((arg) => ['--help', '-h', '--preview'].includes(arg)) ? null : kind;

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    term: 'init [options] <dir>',
    summary: 'create a new project in DIR (a new or empty folder)',
    load: async () => (await import('./commands/init-command.js')).registerInit,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary: 'run the backend under Node and serve the app to a browser (web mode)',
    load: async () => (await import('./commands/serve-command.js')).registerServe,
  },
  {
    name: 'ingest',
    term: 'ingest [options] <file>',
    summary: 'import a CSV, NDJSON, Parquet or Arrow file into a table (built beside it, then swapped in whole)',
    load: async () => (await import('./commands/ingest-command.js')).registerIngest,
    jobFor: jobUnlessAsking('import'),
  },
  {
    name: 'sql',
    term: 'sql [options] <query>',
    summary: 'run a read-only SQL query on the project',
    load: async () => (await import('./commands/sql-command.js')).registerSql,
  },
  {
    name: 'apply',
    term: 'apply [options] <file>',
    summary:
      'validate a definitions file (entities, feature views, feature services), show the changes, and apply them',
    load: async () => (await import('./commands/apply-command.js')).registerApply,
  },
  {
    name: 'features',
    term: 'features',
    summary: 'retrieve features: point-in-time training sets and online values',
    load: async () => (await import('./commands/features-command.js')).registerFeatures,
  },
  {
    name: 'train',
    term: 'train [options]',
    summary: 'train a model on a table or training set, print its metrics, and keep it (ONNX) as a run',
    load: async () => (await import('./commands/train-command.js')).registerTrain,
  },
  {
    name: 'predict',
    term: 'predict [options]',
    summary: 'score every row of a table with a model, in row order, into a CSV or Parquet file or a table',
    load: async () => (await import('./commands/predict-command.js')).registerPredict,
  },
  {
    name: 'models',
    term: 'models',
    summary: 'the model registry: versions, aliases, model cards, imports, and serving them over HTTP',
    load: async () => (await import('./commands/models-command.js')).registerModels,
  },
  {
    name: 'drift',
    term: 'drift [options]',
    summary: "compare a model's live inputs (the prediction log) with its training data, feature by feature",
    load: async () => (await import('./commands/drift-command.js')).registerDrift,
  },
  {
    name: 'materialize',
    term: 'materialize [options]',
    summary: 'load the latest feature values per entity into the online store',
    load: async () => (await import('./commands/materialize-command.js')).registerMaterialize,
  },
  {
    name: 'check',
    term: 'check [options] [target]',
    summary: 'run the quality checks of a table or feature view (default: all), and store the results',
    load: async () => (await import('./commands/check-command.js')).registerCheck,
  },
  {
    name: 'stats',
    term: 'stats [options] <table>',
    summary:
      'per-column statistics of a table or feature view: counts, nulls, distinct, min/max/mean/std, quantiles, histogram, top values',
    load: async () => (await import('./commands/stats-command.js')).registerStats,
  },
  {
    name: 'status',
    term: 'status [options]',
    summary: "show a project's facts: tables, feature views, runs, models, sizes",
    load: async () => (await import('./commands/status-command.js')).registerStatus,
  },
  {
    name: 'tables',
    term: 'tables',
    summary: "manage a project's data tables",
    load: async () => (await import('./commands/tables-command.js')).registerTables,
  },
  {
    name: 'pipelines',
    term: 'pipelines',
    summary: 'list and check pipeline definitions (YAML), and show their schedules and triggers',
    load: async () => (await import('./commands/pipelines-command.js')).registerPipelines,
  },
  {
    name: 'run',
    term: 'run',
    summary: 'run a pipeline: its steps as jobs, reusing the outputs of unchanged steps',
    load: async () => (await import('./commands/run-command.js')).registerRun,
  },
  {
    name: 'runs',
    term: 'runs',
    summary: 'list, inspect, cancel and resume pipeline runs',
    load: async () => (await import('./commands/runs-command.js')).registerRuns,
  },
  {
    name: 'jobs',
    term: 'jobs',
    summary: 'list, inspect and cancel the jobs of a project (started by the app or by triad commands)',
    load: async () => (await import('./commands/jobs-command.js')).registerJobs,
  },
  {
    name: 'keys',
    term: 'keys',
    summary: "your bundle signing key, the teammates' keys a project trusts, and whether bundles must be signed",
    load: async () => (await import('./commands/keys-command.js')).registerKeys,
  },
  {
    name: 'bundle',
    term: 'bundle',
    summary: 'pipeline bundles: export a pipeline to share, verify and import one, run one headless',
    load: async () => (await import('./commands/bundle-command.js')).registerBundle,
  },
];

/**
 * The command a command line runs, or would show the help of (`triad help <command>`). The
 * program's own options (--help, --version) take no value, so the first word without a dash is
 * the command, as commander reads it.
 */
export function commandToRun(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}
