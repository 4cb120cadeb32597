import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import { formatCount } from '../../../shared/format.js';
import { resolveService } from '../../backend/features/feature-registry.js';
import { buildTrainingSet, storeTrainingSet } from '../../backend/features/historical-retrieval.js';
import { recordSnapshot } from '../../backend/features/training-set-snapshot.js';
import { ingestFile } from '../../backend/ingest/ingest.js';
import { connectDatabase, DATABASE_FILE } from '../../backend/project/project-folder.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { openProjectOption, PROJECT_OPTION } from '../project-option.js';

interface HistoryOptions extends OutputOptions {
  project?: string;
  entities: string;
  service: string;
  timestampColumn?: string;
  table?: string;
  out?: string;
}

function entityTableName(file: string): string {
  const stem = basename(file)
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_]+/g, '_');
  return `entities_${stem}`.slice(0, 63);
}

export function registerFeatures(program: Command): void {
  const features = program.command('features').description('retrieve features: point-in-time training sets');
  features
    .command('history')
    .description('build a point-in-time-correct training set from an entity table and a feature service')
    .requiredOption(
      '--entities <file|table>',
      'entity rows: join keys, an event timestamp and any labels (a table, or a CSV/Parquet/… file to import)',
    )
    .requiredOption('--service <name>', 'the feature service whose features to join')
    .option('--timestamp-column <name>', "the entity rows' event timestamp (default: their only timestamp column)")
    .option('--table <name>', 'store the training set as this table (default: training_<service>)')
    .option('--out <file.parquet>', 'also write the training set to this Parquet file')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: HistoryOptions) => {
      try {
        const project = openProjectOption(options.project);
        const dbFile = join(project.path, DATABASE_FILE);
        try {
          const isTable =
            project.db.prepare('SELECT name FROM triad_tables WHERE name = ?').get(options.entities) !== undefined;
          let entityTable = options.entities;
          if (!isTable) {
            if (!existsSync(options.entities)) {
              throw new TriadError(
                'not_found',
                `--entities ${options.entities} is neither a table of the project nor a file`,
              );
            }
            entityTable = entityTableName(options.entities);
            await ingestFile(
              dbFile,
              { file: options.entities, table: entityTable, mode: 'replace' },
              {},
              connectDatabase,
            );
          }
          const views = resolveService(project.db, options.service);
          const started = Date.now();
          const trainingSet = buildTrainingSet(project.db, entityTable, options.timestampColumn ?? null, views);
          const table = options.table ?? `training_${options.service}`;
          storeTrainingSet(project.db, table, trainingSet);
          const snapshot = recordSnapshot(
            project.db,
            project.path,
            trainingSet,
            { table, service: options.service, entityTable },
            options.out,
          );
          const matched = trainingSet.columns
            .map((column, index) => ({ column, values: trainingSet.values[index] ?? [] }))
            .filter(({ column }) => column.view !== null)
            .map(({ column, values }) => ({
              feature: column.name,
              view: column.view,
              present: values.filter((value) => value !== null).length,
            }));
          const result = {
            ...snapshot,
            entityTable,
            columns: trainingSet.columns,
            features: matched,
            durationMs: Date.now() - started,
          };
          printResult(options, result, () =>
            [
              `Training set ${table}: ${formatCount(trainingSet.rowCount, 'row')} from ${entityTable}, ${formatCount(matched.length, 'feature')} of service ${options.service}.`,
              ...matched.map(
                (entry) =>
                  `  ${entry.feature.padEnd(24)} from ${entry.view}: ${entry.present.toLocaleString('en-US')} of ${trainingSet.rowCount.toLocaleString('en-US')} rows have a value`,
              ),
              `Snapshot ${snapshot.contentHash.slice(0, 12)} kept as ${snapshot.artifact}${options.out ? ` and written to ${options.out}` : ''}.`,
            ].join('\n'),
          );
        } finally {
          project.close();
        }
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
