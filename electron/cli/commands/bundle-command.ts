import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import { CONFLICT_ACTIONS, type ConflictAction } from '../../../shared/contract/bundles.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { formatBytes, formatCount } from '../../../shared/format.js';
import { resolveAppDataDir } from '../../backend/app-data.js';
import { type ImportResult, importBundle } from '../../backend/bundles/bundle-import.js';
import type { VerifiedBundle } from '../../backend/bundles/bundle-reader.js';
import { admitBundle, judgeSignature } from '../../backend/bundles/bundle-trust.js';
import { exportBundleFile } from '../../backend/bundles/export-bundle-file.js';
import { inspectBundle } from '../../backend/bundles/inspect-bundle.js';
import type { Project } from '../../backend/db/project.js';
import { createProject, openProject } from '../../backend/db/project-folder.js';
import { describeImport, describeInspection } from '../describe-bundle.js';
import { describeRun } from '../describe-run.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect, parseChoice, parseParams } from '../parse-options.js';
import { parseResolution } from '../parse-resolution.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { endWith, runFromCli } from './run-command.js';

const ON_CONFLICT = [
  '--on-conflict <action>',
  `what to do with each conflict --resolve does not settle: ${CONFLICT_ACTIONS.join(', ')} (default: refuse the import, naming them)`,
  parseChoice(CONFLICT_ACTIONS),
] as const;

/** A progress line on stderr, rewritten in place on a terminal. */
function progressLine(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
}

function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
}

interface ExportOptions extends OutputOptions, ProjectOptions {
  pipeline: string;
  out: string;
  withModels?: boolean;
  withData?: boolean;
  author?: string;
  sign?: boolean;
}

async function exportBundle(options: ExportOptions) {
  return withProject(options, async (project) => {
    const result = await exportBundleFile(
      project.db,
      project.path,
      {
        pipeline: options.pipeline,
        withModels: options.withModels === true,
        withData: options.withData === true,
        author: options.author ?? userInfo().username,
        path: options.out,
        sign: options.sign === true,
        appDataDir: resolveAppDataDir(),
      },
      (done, total) => progressLine(`Writing ${options.out}: ${formatBytes(done)} of about ${formatBytes(total)}`),
    );
    endProgress();
    return result;
  });
}

function onImportProgress(progress: { phase: string; done: number; total: number }): void {
  progressLine(
    progress.phase === 'staging tables'
      ? `Staging tables: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} rows`
      : `${progress.phase[0]?.toUpperCase()}${progress.phase.slice(1)}…`,
  );
}

interface ConflictOptions {
  onConflict?: ConflictAction;
  resolve: string[];
}

const RESOLVE = [
  '--resolve <KIND:NAME=ACTION>',
  'what to do with one conflict, e.g. "pipeline:flight_delays=rename:fd_ana", "table:flights=skip" (repeatable; kinds as verify lists them)',
  collect,
  [] as string[],
] as const;

async function importInto(
  project: Project,
  file: string,
  options: ConflictOptions,
  onVerified: (bundle: VerifiedBundle) => void = () => {},
): Promise<ImportResult> {
  const admit = admitBundle(project);
  try {
    return await importBundle(project, resolve(file), {
      resolutions: Object.fromEntries(options.resolve.map(parseResolution)),
      otherwise: options.onConflict ?? null,
      admit: (bundle) => {
        admit(bundle);
        onVerified(bundle);
      },
      onProgress: onImportProgress,
    });
  } finally {
    endProgress();
  }
}

/** Each metric of the run beside the bundle's newest successful run with the same parameters, when it has one. */
function reproduction(
  run: PipelineRun,
  recorded: { params: PipelineRun['params']; state: string; metrics: Record<string, number> }[],
) {
  const same = recorded.find(
    (item) => item.state === 'succeeded' && JSON.stringify(item.params) === JSON.stringify(run.params),
  );
  if (!same) return null;
  const now: Record<string, number> = {};
  for (const step of run.steps)
    for (const [name, value] of Object.entries(step.metrics)) if (typeof value === 'number') now[name] = value;
  const metrics = Object.entries(same.metrics).map(([name, bundled]) => ({ name, bundled, now: now[name] ?? null }));
  return { metrics, same: metrics.every((metric) => metric.now === metric.bundled) };
}

interface RunOptions extends OutputOptions, ProjectOptions, ConflictOptions {
  param: string[];
}

async function runBundle(file: string, options: RunOptions) {
  const temporary = options.project ? null : mkdtempSync(join(tmpdir(), 'triad-bundle-run-'));
  const project = temporary
    ? createProject(join(temporary, 'project'), basename(file, extname(file)))
    : openProject(options.project as string);
  try {
    if (!options.json)
      process.stderr.write(
        `Project: ${temporary ? `a temporary project (${project.path}), removed afterwards` : project.path}\n`,
      );
    let recorded: BundleManifest['contents']['runs'] = [];
    const imported = await importInto(project, file, options, (bundle) => {
      recorded = bundle.manifest.contents.runs;
    });
    const text = readFileSync(join(project.path, 'pipelines', imported.file), 'utf8');
    const run = await runFromCli(
      project,
      { file: imported.file, text, params: parseParams(options.param), reason: 'manual' },
      options,
    );
    return {
      project: temporary ? null : project.path,
      imported,
      run,
      reproduced: reproduction(run, recorded),
    };
  } finally {
    project.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

function describeReproduction(result: Awaited<ReturnType<typeof runBundle>>): string {
  const { reproduced } = result;
  if (!reproduced) return 'The bundle records no successful run with these parameters to compare with.';
  const lines = reproduced.metrics.map(
    (metric) =>
      `  ${metric.name}: ${metric.now ?? '—'} (bundle: ${metric.bundled})${metric.now === metric.bundled ? '' : '  DIFFERS'}`,
  );
  return [`Metrics ${reproduced.same ? 'reproduced exactly' : 'differ from the bundle’s run'}:`, ...lines].join('\n');
}

export function registerBundle(program: Command): void {
  const bundle = program
    .command('bundle')
    .description('pipeline bundles: export a pipeline to share, verify and import one, run one headless');

  bundle
    .command('export')
    .description(
      'write a pipeline, the feature definitions and code it needs, its runs, and optionally its models and data, to one .triad file',
    )
    .requiredOption('--pipeline <name>', 'the pipeline to export (its name or file)')
    .requiredOption('--out <file>', 'the bundle to write, e.g. flight_delays.triad')
    .option('--with-models', 'include the model versions its runs registered (ONNX files, cards, aliases)')
    .option('--with-data', 'include the tables it reads and its newest training sets, as Parquet')
    .option('--author <name>', 'who made it (default: your user name)')
    .option('--sign', 'sign it with your key (triad keys create makes one)')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: ExportOptions) => {
      try {
        const result = await exportBundle(options);
        printResult(options, result, () =>
          [
            `Wrote ${result.file} (${formatBytes(result.bytes)}, ${formatCount(result.entries, 'entry', 'entries')}${result.signed ? ', signed' : ''})`,
            `  content hash ${result.contentHash}`,
            ...result.leftOut.map((path) => `  left out ${path}: it is outside the project folder`),
          ].join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });

  bundle
    .command('verify')
    .description(
      'check a bundle is whole (every entry and hash), show what it holds and who signed it, and with --project what importing it would change',
    )
    .argument('<file>', 'a .triad bundle')
    .option('--project <dir>', 'a project to check trust and conflicts against')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: OutputOptions & ProjectOptions) => {
      try {
        const inspect = (project: Project | null) => inspectBundle(resolve(file), project, judgeSignature);
        const inspection = options.project ? await withProject(options, inspect) : await inspect(null);
        printResult(options, inspection, () => describeInspection(inspection));
        if (inspection.signature.signed && !inspection.signature.valid) process.exitCode = 1;
      } catch (error) {
        exitWithError(options, error);
      }
    });

  bundle
    .command('import')
    .description('take a bundle into a project, all or nothing')
    .argument('<file>', 'a .triad bundle')
    .option(...ON_CONFLICT)
    .option(...RESOLVE)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: OutputOptions & ProjectOptions & ConflictOptions) => {
      try {
        const result = await withProject(options, (project) => importInto(project, file, options));
        printResult(options, result, () => describeImport(result));
      } catch (error) {
        exitWithError(options, error);
      }
    });

  bundle
    .command('run')
    .description('import a bundle into a temporary (or the given) project and run its pipeline, with no window')
    .argument('<file>', 'a .triad bundle')
    .option('--param <name=value>', 'a pipeline parameter (repeatable)', collect, [])
    .option('--project <dir>', 'run it in this project instead of a temporary one')
    .option(...ON_CONFLICT)
    .option(...RESOLVE)
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: RunOptions) => {
      try {
        const result = await runBundle(file, options);
        printResult(options, result, () => [describeRun(result.run), describeReproduction(result)].join('\n'));
        endWith(result.run);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
