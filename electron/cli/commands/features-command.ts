import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EntityKey, OnlineLookup } from '../../../shared/contract/schemas.js';
import { formatCount } from '../../../shared/format.js';
import { hasTable } from '../../backend/db/table-catalog.js';
import { readOnlineFeatures } from '../../backend/use-cases/read-online-features.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect } from '../parse-options.js';
import { parseTime } from '../parse-time.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

interface HistoryOptions extends OutputOptions, ProjectOptions {
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

interface GetOptions extends OutputOptions, ProjectOptions {
  service: string;
  entity: string[];
  at?: number;
}

function parseEntity(pairs: readonly string[]): EntityKey {
  const entity: EntityKey = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new TriadError('invalid_input', `--entity takes KEY=VALUE, not "${pair}"`);
    entity[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return entity;
}

function entityText(lookup: OnlineLookup): string {
  return Object.entries(lookup.entity)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

const ENTITY_STATUS_TEXT: Record<OnlineLookup['status'], string> = {
  found: 'found in every feature view',
  partly_found: 'found in some feature views only',
  not_found: 'not in the online store',
};

function describeLookup(lookup: OnlineLookup): string {
  return [
    `${entityText(lookup)}: ${ENTITY_STATUS_TEXT[lookup.status]} (as of ${new Date(lookup.atMs).toISOString()})`,
    ...lookup.features.map(
      (entry) =>
        `${entry.feature.padEnd(24)} ${String(entry.value ?? '').padEnd(16)} ${entry.status.padEnd(12)} ${entry.eventTs === null ? '' : new Date(entry.eventTs).toISOString()}`,
    ),
  ].join('\n');
}

export function registerFeatures(program: Command): void {
  const features = program
    .command('features')
    .description('retrieve features: point-in-time training sets and online values');
  features
    .command('get')
    .description("read an entity's latest feature values from the online store, with a status per feature")
    .requiredOption('--service <name>', 'the feature service')
    .requiredOption('--entity <key=value>', 'a join key and its value (repeat for composite keys)', collect, [])
    .option(
      '--at <time>',
      'judge freshness (TTL) as of this time (default now); a value that became true after it is reported as future',
      parseTime,
    )
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: GetOptions) => {
      try {
        const lookup = await withProject(options, (project) =>
          readOnlineFeatures(project.db, {
            service: options.service,
            entity: parseEntity(options.entity),
            atMs: options.at ?? Date.now(),
          }),
        );
        printResult(options, lookup, () => describeLookup(lookup));
        if (lookup.status === 'not_found') {
          process.stderr.write(
            `triad: ${entityText(lookup)} is not in the online store of service ${options.service} (no feature view has materialized it)\n`,
          );
          process.exitCode = 1;
        }
      } catch (error) {
        exitWithError(options, error);
      }
    });
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
        await withProject(options, async (project) => {
          let entityTable = options.entities;
          if (!hasTable(project.db, options.entities)) {
            if (!existsSync(options.entities)) {
              throw new TriadError(
                'not_found',
                `--entities ${options.entities} is neither a table of the project nor a file`,
              );
            }
            entityTable = entityTableName(options.entities);
            await runJobFromCli(
              project,
              'import',
              { file: options.entities, table: entityTable, mode: 'replace' },
              options,
            );
          }
          const table = options.table ?? `training_${options.service}`;
          const result = await runJobFromCli(
            project,
            'training-set',
            {
              entityTable,
              service: options.service,
              timestampColumn: options.timestampColumn ?? null,
              table,
              ...(options.out ? { out: options.out } : {}),
            },
            options,
          );
          printResult(options, result, () =>
            [
              `Training set ${table}: ${formatCount(result.rows, 'row')} from ${entityTable}, ${formatCount(result.features.length, 'feature')} of service ${options.service}.`,
              ...result.features.map(
                (entry) =>
                  `  ${entry.feature.padEnd(24)} from ${entry.view}: ${entry.present.toLocaleString('en-US')} of ${formatCount(result.rows, 'row')} ${entry.present === 1 ? 'has' : 'have'} a value`,
              ),
              `Snapshot ${result.contentHash.slice(0, 12)} kept as ${result.artifact}${options.out ? ` and written to ${options.out}` : ''}.`,
              ...result.warnings.map((warning) => `warning: ${warning}`),
            ].join('\n'),
          );
        });
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
