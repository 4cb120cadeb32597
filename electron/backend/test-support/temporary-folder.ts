import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per call, removed after the test that made it. */
export function temporaryFoldersCleanedAfterEachTest(): (prefix?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'test') => {
    const dir = mkdtempSync(join(tmpdir(), `triad-${prefix}-`));
    made.push(dir);
    return dir;
  };
}
