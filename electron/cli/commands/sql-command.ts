import { join } from 'node:path';
import type { Command } from 'commander';
import { DATABASE_FILE } from '../../backend/db/project-folder.js';
import { errorBody } from '../../backend/error-body.js';
import { runTimedQuery } from '../../backend/query/timed-query.js';
import { exitWithError, type OutputOptions } from '../output.js';
import { parseCount, parseCountAtMost } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { jsonOutput, TABLE_BLOB_BYTES, tableOutput } from '../query-output.js';

/** Output streams, so memory does not grow with --limit; the ceiling keeps a typo from running for hours. */
export const MAX_LIMIT = 10_000_000;

interface SqlOptions extends OutputOptions, ProjectOptions {
  limit: number;
  timeout: number;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query on the project')
    .argument('<query>', 'one query that reads: SELECT, WITH … SELECT or VALUES')
    .option(...PROJECT_OPTION)
    .option(
      `--limit <n>`,
      `at most this many rows (up to ${MAX_LIMIT.toLocaleString('en-US')})`,
      parseCountAtMost(MAX_LIMIT),
      1000,
    )
    .option('--timeout <seconds>', 'stop the query after this long', parseCount, 30)
    .option('--json', 'print machine-readable JSON, streamed a row a line')
    .action(async (query: string, options: SqlOptions) => {
      const output = options.json ? jsonOutput() : tableOutput();
      // Write errors reach each write's callback; without a listener they would also crash the process.
      process.stdout.on('error', () => {});
      try {
        const dbFile = await withProject(options, (project) => join(project.path, DATABASE_FILE));
        const summary = await runTimedQuery(
          { dbFile, sql: query, limit: options.limit, ...(options.json ? {} : { maxBlobBytes: TABLE_BLOB_BYTES }) },
          options.timeout * 1000,
          output,
        );
        await output.finish(summary);
      } catch (error) {
        // The reader stopped early (`| head`): end quietly, as other command-line tools do.
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
        // Rows already printed as JSON: the error closes that document instead of starting another.
        const closed = await output.abort(errorBody(error)).catch(() => false);
        exitWithError(closed ? {} : options, error);
      }
    });
}
