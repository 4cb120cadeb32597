import type { Command } from 'commander';
import { formatCount } from '../../../shared/format.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

interface PredictOptions extends OutputOptions, ProjectOptions {
  model: string;
  table: string;
  out?: string;
  into?: string;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('score every row of a table with a model, in row order, into a CSV or Parquet file or a table')
    .requiredOption('--model <model>', 'an ONNX file, or a registered model: NAME, NAME@ALIAS or NAME:VERSION')
    .requiredOption('--table <name>', 'the table to score; its columns feed the model inputs of their names')
    .option('--out <file>', 'write the predictions to this .csv or .parquet file')
    .option('--into <table>', 'write the predictions into this table of the project (replacing it)')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: PredictOptions) => {
      try {
        const result = await withProject(options, (project) =>
          runJobFromCli(
            project,
            'predict',
            { model: options.model, table: options.table, out: options.out ?? null, into: options.into ?? null },
            options,
          ),
        );
        printResult(
          options,
          result,
          () =>
            `Scored ${formatCount(result.rows, 'row')} of ${result.table} with ${result.model}: ${result.columns.join(', ')} written to ${result.out ?? `table ${result.into}`}.`,
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
