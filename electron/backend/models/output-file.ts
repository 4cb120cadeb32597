import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';

/**
 * Refuses, before any work, a file that could not be written at the end: its folder missing or
 * not writable, or the path a folder. Returns the absolute path.
 */
export function assertWritableFile(path: string, option: string): string {
  const file = resolve(path);
  const folder = dirname(file);
  let folderStat: ReturnType<typeof statSync> | undefined;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new TriadError('invalid_input', `${option} ${path}: there is no folder ${folder}`);
  }
  if (!folderStat.isDirectory()) throw new TriadError('invalid_input', `${option} ${path}: ${folder} is not a folder`);
  try {
    if (statSync(file).isDirectory())
      throw new TriadError('invalid_input', `${option} ${path} is a folder: name a file`);
  } catch (error) {
    if (error instanceof TriadError) throw error;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new TriadError('invalid_input', `${option} ${path}: the folder ${folder} cannot be written to`);
  }
  return file;
}
