import { spawnSync } from 'node:child_process';

/** Debian's Python, where python3-sklearn and python3-onnx are installed (TRIAD_PYTHON overrides it). */
export const PYTHON = process.env.TRIAD_PYTHON ?? '/usr/bin/python3';

/** Runs a Python script with arguments and returns what it printed; throws with its error output when it fails. */
export function runPython(script: string, args: readonly string[] = [], input?: string): string {
  const result = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run ${PYTHON}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${PYTHON} failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}
