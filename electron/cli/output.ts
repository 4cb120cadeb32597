import { formatCount } from '../../shared/format.js';
import { errorBody } from '../backend/error-body.js';

export interface OutputOptions {
  json?: boolean;
}

/** Prints a command's result: JSON for machines with --json, the human text otherwise. */
export function printResult(options: OutputOptions, result: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${human()}\n`);
}

/** Ends a command that failed: a clear message, and a non-zero exit code. */
export function exitWithError(options: OutputOptions, error: unknown): never {
  const body = errorBody(error);
  if (options.json) process.stdout.write(`${JSON.stringify({ error: body })}\n`);
  process.stderr.write(`triad: ${body.message}\n`);
  // 130 is what a shell reports for a command stopped with Ctrl+C.
  process.exit(body.code === 'cancelled' ? 130 : 1);
}

/** A file's problems, each with its line, as the definitions and pipeline parsers report them. */
interface FileProblems {
  file: string;
  message: string;
  problems: unknown[];
}

/** Ends a command refused for its file's problems: each on standard error (and in the JSON error), exit code 1. */
export function exitWithFileProblems(options: OutputOptions, error: FileProblems, consequence = ''): never {
  if (options.json)
    process.stdout.write(
      `${JSON.stringify({ error: { code: 'invalid_input', message: error.message, problems: error.problems } })}\n`,
    );
  process.stderr.write(
    `triad: ${error.file} has ${formatCount(error.problems.length, 'problem')}${consequence}:\n${error.message}\n`,
  );
  process.exit(1);
}
