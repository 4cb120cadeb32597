import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { OutputType } from '../../../shared/contract/pipeline-definition.js';
import type { StepArtifact, StepOutputs, StepResult } from '../../../shared/contract/pipeline-runs.js';
import { describeArtifact, storeArtifactFile } from '../db/artifacts.js';
import { DATABASE_FILE } from '../db/project-folder.js';
import { catalogColumns } from '../db/table-catalog.js';
import { columnsParquet } from '../features/columns-parquet.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { writeColumnsCsv } from '../models/prediction-files.js';
import { readTableFrame } from '../models/read-frame.js';
import { commandArguments } from '../pipelines/command-arguments.js';
import { importFile } from './import-file.js';

/** Where a command step's inputs are written and its outputs looked for, per run and step. */
export function commandStepFolder(projectDir: string, runId: string, step: string): string {
  return join(projectDir, 'artifacts', 'pipeline-runs', runId, step);
}

/** Where in the artifacts folder a command's output file is kept, by its type. */
const ARTIFACT_KINDS: Record<OutputType, string> = {
  model: 'models',
  metrics: 'metrics',
  table: 'files',
  file: 'files',
};

/** Keeps an output file in the project's content-addressed artifacts (once per content). */
async function keepOutputFile(projectDir: string, type: OutputType, file: string, path: string): Promise<StepArtifact> {
  const extension = extname(file).slice(1).toLowerCase() || 'bin';
  const kept = await storeArtifactFile(projectDir, ARTIFACT_KINDS[type], extension, file);
  return describeArtifact(projectDir, path, kept.artifact);
}

/** A command's output and error lines kept for a failure's message. */
const KEPT_ERROR_LINES = 5;
/** After a cancel, the program gets this long to stop before it is killed. */
const STOP_GRACE_MS = 2_000;

export interface CommandStepSettings {
  run: string[];
  inputs: Record<string, string>;
  outputs: Record<string, { type: OutputType; path: string }>;
  format: 'parquet' | 'csv';
  env: Record<string, string>;
}

export interface CommandContext {
  db: Database.Database;
  projectDir: string;
  jobId: string;
  signal: AbortSignal;
  log(message: string): void;
  /** The model file a step output names (a training run's model, a registered version, a file). */
  modelFile(model: string): string;
}

function csvValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** Writes a project table where the program reads it: NAME.parquet (with its column types) or NAME.csv. */
function writeTableInput(
  context: CommandContext,
  folder: string,
  name: string,
  table: string,
  format: 'parquet' | 'csv',
) {
  const types = catalogColumns(context.db, table);
  const frame = readTableFrame(context.db, table);
  const rows = frame[0]?.values.length ?? 0;
  if (format === 'csv')
    writeColumnsCsv(
      join(folder, `${name}.csv`),
      frame.map((column) => ({ name: column.name, values: column.values.map(csvValue) })),
    );
  else
    writeFileSync(
      join(folder, `${name}.parquet`),
      columnsParquet(types, rows, (column, row) => frame[column]?.values[row] as StoredValue),
    );
  context.log(`wrote ${table} (${rows} rows) as ${name}.${format}`);
}

function runProgram(
  args: string[],
  folder: string,
  env: Record<string, string>,
  context: CommandContext,
): Promise<void> {
  const [program, ...rest] = args as [string, ...string[]];
  return new Promise((done, fail) => {
    const child = spawn(program, rest, {
      cwd: folder,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lastLines: string[] = [];
    const follow = (stream: NodeJS.ReadableStream, label: string) =>
      createInterface({ input: stream }).on('line', (line) => {
        context.log(`${label} ${line}`);
        lastLines.push(line);
        if (lastLines.length > KEPT_ERROR_LINES) lastLines.shift();
      });
    follow(child.stdout, '[stdout]');
    follow(child.stderr, '[stderr]');
    const stop = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    };
    context.signal.addEventListener('abort', stop, { once: true });
    child.once('error', (error: NodeJS.ErrnoException) => {
      context.signal.removeEventListener('abort', stop);
      fail(
        new TriadError(
          'invalid_input',
          error.code === 'ENOENT'
            ? `cannot run ${program}: there is no such program`
            : `cannot run ${program}: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      context.signal.removeEventListener('abort', stop);
      if (context.signal.aborted) fail(new TriadError('cancelled', 'the step was cancelled'));
      else if (code === 0) done();
      else
        fail(
          new TriadError(
            'invalid_input',
            `${program} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}${lastLines.length > 0 ? `: ${lastLines.join(' | ')}` : ''}`,
          ),
        );
    });
  });
}

function metricsOf(file: string, name: string): Record<string, number | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TriadError('invalid_input', `output ${name} is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TriadError('invalid_input', `output ${name} must be a JSON object of metric names to numbers`);
  return Object.fromEntries(
    Object.entries(parsed).map(([metric, value]) => {
      if (typeof value !== 'number' && value !== null)
        throw new TriadError(
          'invalid_input',
          `output ${name}: metric ${metric} is ${JSON.stringify(value)}, not a number`,
        );
      return [metric, value];
    }),
  );
}

/**
 * Runs an external program for a pipeline step: its inputs written into a fresh working folder
 * (tables as Parquet or CSV, models as ONNX), the run's parameters and the step's settings in
 * params.json, its output lines streamed to the step's log; then collects the outputs it
 * declared (tables imported into the project, a model file, metrics from JSON, files).
 */
export async function runCommandStep(
  pipeline: string,
  runId: string,
  step: string,
  settings: CommandStepSettings,
  params: Record<string, unknown>,
  context: CommandContext,
): Promise<StepResult> {
  const folder = commandStepFolder(context.projectDir, runId, step);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, source] of Object.entries(settings.inputs)) {
    // A table's name has no `:` or `@`; a model reference (run:ID, NAME:VERSION, NAME@ALIAS) or file does.
    if (/[:@]|\.onnx$/i.test(source)) {
      copyFileSync(context.modelFile(source), join(folder, `${name}.onnx`));
      context.log(`copied model ${source} as ${name}.onnx`);
    } else writeTableInput(context, folder, name, source, settings.format);
  }
  writeFileSync(join(folder, 'params.json'), `${JSON.stringify(params, null, 2)}\n`);
  const args = commandArguments(context.projectDir, settings.run);
  context.log(`running ${args.join(' ')} in ${folder}`);
  await runProgram(
    args,
    folder,
    { ...settings.env, TRIAD_STEP_DIR: folder, TRIAD_PROJECT_DIR: context.projectDir },
    context,
  );
  const outputs: StepOutputs = {};
  const artifacts: StepArtifact[] = [];
  let metrics: Record<string, number | null> = {};
  for (const [name, output] of Object.entries(settings.outputs)) {
    const file = resolve(folder, output.path);
    if (!existsSync(file))
      throw new TriadError('invalid_input', `${settings.run[0]} did not write its output ${name} (${output.path})`);
    if (output.type === 'table') {
      const table = `${pipeline}_${step}_${name}`;
      const format = extname(file).toLowerCase();
      if (!['.csv', '.parquet', '.ndjson', '.jsonl', '.arrow', '.feather'].includes(format))
        throw new TriadError(
          'invalid_input',
          `output ${name} (${output.path}) must be a CSV, Parquet, NDJSON or Arrow file to become a table`,
        );
      const result = await importFile(join(context.projectDir, DATABASE_FILE), {
        file,
        sourceName: `${output.path} of pipeline ${pipeline} step ${step}`,
        table,
        mode: 'replace',
        stagingOwner: context.jobId,
      });
      context.log(`imported ${output.path} into ${table}: ${result.rowsImported} rows`);
      outputs[name] = { type: 'table', value: table };
    } else if (output.type === 'model') {
      // Refused here, with the step, when the program wrote something that is not an ONNX model.
      readOnnxSignature(new Uint8Array(readFileSync(file)), `output ${name} (${output.path})`);
      outputs[name] = { type: 'model', value: file };
    } else if (output.type === 'metrics') {
      const read = metricsOf(file, name);
      metrics = { ...metrics, ...read };
      outputs[name] = { type: 'metrics', value: read };
    } else outputs[name] = { type: 'file', value: file };
    artifacts.push(await keepOutputFile(context.projectDir, output.type, file, output.path));
  }
  return { outputs, metrics, artifacts, snapshot: null };
}
