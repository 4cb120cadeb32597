#!/usr/bin/env node
import { Command } from 'commander';
import { APP_VERSION } from '../backend/app-version.js';
import { registerApply } from './commands/apply-command.js';
import { registerCheck } from './commands/check-command.js';
import { registerFeatures } from './commands/features-command.js';
import { registerIngest } from './commands/ingest-command.js';
import { registerInit } from './commands/init-command.js';
import { registerJobs } from './commands/jobs-command.js';
import { registerMaterialize } from './commands/materialize-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerSql } from './commands/sql-command.js';
import { registerStats } from './commands/stats-command.js';
import { registerStatus } from './commands/status-command.js';
import { registerTables } from './commands/tables-command.js';

const program = new Command()
  .name('triad')
  .description('Triad: a local platform for data engineers, data scientists and ML engineers')
  .version(APP_VERSION)
  .showHelpAfterError('(run triad --help for usage)');

registerInit(program);
registerServe(program);
registerIngest(program);
registerSql(program);
registerApply(program);
registerFeatures(program);
registerMaterialize(program);
registerCheck(program);
registerStats(program);
registerStatus(program);
registerTables(program);
registerJobs(program);

await program.parseAsync(process.argv);
