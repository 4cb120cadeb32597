import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

// The app's orchestration and the command line call domain functions and use cases; the SQL
// lives in the domains, the base and jobs/ (its job tables), which own their tables.
const FOLDERS_WITHOUT_SQL = [
  'electron/backend/app',
  'electron/backend/handlers',
  'electron/backend/services',
  'electron/backend/transports',
  'electron/cli',
];

const RUNS_SQL = /\.(prepare|exec|pragma)\(/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('where SQL runs', () => {
  it('runs no SQL in contract handlers, services, transports or the command line', () => {
    const offending = FOLDERS_WITHOUT_SQL.flatMap(sourceFiles).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          RUNS_SQL.test(line) ? [`${relative(root, file)}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offending).toEqual([]);
  });
});
