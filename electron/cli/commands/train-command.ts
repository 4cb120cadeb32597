import { type Command, InvalidArgumentError } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TrainResult } from '../../../shared/contract/jobs.js';
import { formatCount } from '../../../shared/format.js';
import { ALGORITHM_PARAMETERS, ALGORITHMS, type Algorithm, trainingOutcome } from '../../../shared/model-algorithms.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect, parseChoice, parseCount, parseParams } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

interface TrainOptions extends OutputOptions, ProjectOptions {
  table: string;
  label?: string;
  algo: Algorithm;
  param: string[];
  features?: string;
  validTable?: string;
  validFraction?: number;
  seed?: number;
  register?: string;
  out?: string;
}

function parseFraction(value: string): number {
  const fraction = Number(value);
  if (!(fraction >= 0 && fraction < 1))
    throw new InvalidArgumentError(`"${value}" is not a fraction from 0 to below 1`);
  return fraction;
}

const formatMetric = (value: number | null) => (value === null ? 'n/a' : Number(value.toPrecision(4)).toString());

function describeTraining(result: TrainResult, options: TrainOptions): string {
  const { card } = result;
  const what =
    card.classes === null
      ? 'a number'
      : `${card.classes.length} classes (${card.classes.slice(0, 6).join(', ')}${card.classes.length > 6 ? ', …' : ''})`;
  const lines = [
    `Trained ${card.algorithm} on ${card.trainingTable} to predict ${card.label}: ${what}, ${formatCount(card.features.length, 'input column')}, ${formatCount(card.trainingRows ?? 0, 'training row')}${card.validationRows === null ? '' : `, ${formatCount(card.validationRows, 'validation row')}`}.`,
    `${trainingOutcome(card.algorithm as Algorithm, result.converged, result.iterations)}.`,
    `${card.validationRows === null ? 'Training' : 'Validation'} metrics: ${Object.entries(card.metrics)
      .map(([name, value]) => `${name} ${formatMetric(value)}`)
      .join(', ')}`,
    `Run ${result.runId.slice(0, 8)}; model file ${result.artifact}`,
  ];
  if (result.registered) lines.push(`Registered as ${result.registered.name} version ${result.registered.version}.`);
  if (result.out) lines.push(`Written to ${options.out}.`);
  for (const skipped of result.skipped) lines.push(`note: left out ${skipped}`);
  return lines.join('\n');
}

const PARAMETER_HELP = ALGORITHMS.map(
  (algorithm) =>
    `  ${algorithm}: ${ALGORITHM_PARAMETERS[algorithm].map((spec) => `${spec.name} (default ${spec.default}): ${spec.description}`).join('; ')}`,
).join('\n');

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model on a table or training set, print its metrics, and keep it (ONNX) as a run')
    .requiredOption('--table <name>', 'the table or training set to train on')
    .option('--label <column>', 'the column to predict (every algorithm but kmeans)')
    .requiredOption('--algo <algorithm>', `the algorithm: ${ALGORITHMS.join(', ')}`, parseChoice(ALGORITHMS))
    .option('--param <name=value>', 'an algorithm parameter (repeatable; see below)', collect, [])
    .option('--features <columns>', 'comma-separated feature columns (default: every column but the label)')
    .option('--valid-table <name>', 'validate on this table instead of held-out rows')
    .option(
      '--valid-fraction <f>',
      'hold out this share of the rows, at random, to validate on (default 0.2)',
      parseFraction,
    )
    .option(
      '--seed <n>',
      'the random seed of the held-out rows, k-means starts and gbdt sampling (default 0)',
      parseCount,
    )
    .option('--register <name>', 'register the model under this name (a new version)')
    .option('--out <file.onnx>', 'also write the ONNX model to this file')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', `\nParameters:\n${PARAMETER_HELP}`)
    .action(async (options: TrainOptions) => {
      try {
        if (options.validTable && options.validFraction !== undefined)
          throw new TriadError('invalid_input', 'use --valid-table or --valid-fraction, not both');
        const result = await withProject(options, (project) =>
          runJobFromCli(
            project,
            'train',
            {
              table: options.table,
              label: options.label ?? null,
              algorithm: options.algo,
              params: parseParams(options.param),
              features: options.features ? options.features.split(',').map((name) => name.trim()) : null,
              validTable: options.validTable ?? null,
              validFraction: options.validFraction ?? 0.2,
              seed: options.seed ?? 0,
              register: options.register ?? null,
              out: options.out ?? null,
            },
            options,
          ),
        );
        printResult(options, result, () => describeTraining(result, options));
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
