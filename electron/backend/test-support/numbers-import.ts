import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobOrigin } from '../../../shared/contract/jobs.js';
import { createProject } from '../db/project-folder.js';

/** A new project in `folder` with `numbers.csv` of `rows` rows (id, value, label) beside its database. */
export function projectWithNumbersFile(folder: string, rows: number): { path: string; file: string } {
  const path = join(folder, 'project');
  createProject(path).close();
  const file = join(path, 'numbers.csv');
  const lines = ['id,value,label'];
  for (let index = 0; index < rows; index++) lines.push(`${index},${index * 0.5},row ${index % 97}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { path, file };
}

/** The input of an import task replacing `table` with `file`. */
export const numbersImportInput = (projectDir: string, file: string, table = 'numbers', origin: JobOrigin = 'app') => ({
  projectDir,
  jobId: 'test-job',
  origin,
  params: { file, table, mode: 'replace' as const },
});
