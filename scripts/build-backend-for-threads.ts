import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BUILT_MARK = join(ROOT, 'dist/electron/backend/jobs/pool-worker.js');
const SOURCE_DIRS = ['shared', 'electron/backend', 'electron/cli'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) || entry.name.endsWith('.wat'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Unit tests run the backend's worker threads for real, and threads load compiled modules (and
 * the assembled WebAssembly kernel): build the backend first when a source is newer than the build.
 */
export default function setup(): void {
  const built = existsSync(BUILT_MARK) ? statSync(BUILT_MARK).mtimeMs : 0;
  const newest = Math.max(...SOURCE_DIRS.map((dir) => newestSource(join(ROOT, dir))));
  if (newest <= built) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.backend.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-wasm.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
