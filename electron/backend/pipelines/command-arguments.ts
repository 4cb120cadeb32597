import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * A command step's program and arguments as it runs: an argument that names a file of the project
 * folder (a script such as train.py) becomes its full path, since the program runs in the step's
 * own folder. The program itself is looked up on the PATH unless it is a path.
 */
export function commandArguments(projectDir: string, run: readonly string[]): string[] {
  return run.map((arg, index) => {
    if (index === 0 && !/[\\/]/.test(arg)) return arg;
    const path = isAbsolute(arg) ? arg : resolve(projectDir, arg);
    return existsSync(path) && statSync(path).isFile() ? path : arg;
  });
}

/** The files a command step's arguments name (its scripts, its code), for its cache key. */
export function commandFiles(projectDir: string, run: readonly string[]): string[] {
  return commandArguments(projectDir, run).filter(
    (arg, index) => index > 0 && isAbsolute(arg) && existsSync(arg) && statSync(arg).isFile(),
  );
}
