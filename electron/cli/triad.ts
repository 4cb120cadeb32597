#!/usr/bin/env node
import type { Command as ParsedCommand } from 'commander';
import { COMMANDS, commandToRun } from './command-table.js';

// A command that runs a job readies what runs it first (a worker then loads on the other core
// while this thread loads the command line's code).
const wanted = commandToRun(process.argv.slice(2));
const job = wanted?.jobFor?.(process.argv.slice(2)) ?? null;
const jobRunner = job ? await import('./job-runner.js') : null;
if (job) jobRunner?.prepareJobRunner(job);

const { Command, Help } = await import('commander');
const { APP_VERSION } = await import('../backend/app-version.js');

const program = new Command()
  .name('triad')
  .description('Triad: a local platform for data engineers, data scientists and ML engineers')
  .version(APP_VERSION)
  .showHelpAfterError('(run triad --help for usage)');

// Commands this run does not use stay placeholders: named and described for the help and for
// "did you mean" suggestions, with their options and arguments shown from the command table.
const placeholderTerms = new Map<ParsedCommand, string>();
const standardHelp = new Help();
program.configureHelp({
  subcommandTerm: (command) => placeholderTerms.get(command) ?? standardHelp.subcommandTerm(command),
});

for (const entry of COMMANDS) {
  if (entry === wanted) (await entry.load())(program);
  else placeholderTerms.set(program.command(entry.name).description(entry.summary), entry.term);
}

await program.parseAsync(process.argv);
await jobRunner?.closeUnusedJobRunner();
