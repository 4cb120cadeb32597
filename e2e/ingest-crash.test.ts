import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, temporaryDir } from './harness.js';

const work = temporaryDir('crash');
afterAll(() => work.remove());

async function writeNumbers(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,value,label\n');
  let chunk = '';
  for (let id = 1; id <= rows; id += 1) {
    chunk += `${id},${(id * 0.37).toFixed(3)},row ${id}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

describe('an import killed with SIGKILL', () => {
  it('leaves the database intact, holding exactly the old data', async () => {
    const project = join(work.path, 'project');
    const env = { ...process.env, TRIAD_HOME: join(work.path, 'home') };
    expect(spawnSync(process.execPath, [CLI, 'init', project], { env }).status).toBe(0);
    const small = join(work.path, 'small.csv');
    await writeNumbers(small, 3);
    expect(
      spawnSync(process.execPath, [CLI, 'ingest', small, '--table', 'numbers', '--project', project], { env }).status,
    ).toBe(0);

    const big = join(work.path, 'big.csv');
    // Large enough that the import is still inserting well after its first commits reach the log.
    await writeNumbers(big, 3_000_000);
    const child = spawn(
      process.execPath,
      [CLI, 'ingest', big, '--table', 'numbers', '--mode', 'replace', '--project', project],
      { env, stdio: 'ignore' },
    );
    const wal = join(project, 'triad.sqlite-wal');
    // Kill mid-way: once the import's batches reach the write-ahead log, or after a second and a half.
    const started = Date.now();
    while (
      (statSync(wal, { throwIfNoEntry: false })?.size ?? 0) <= 2 << 20 &&
      Date.now() - started < 1500 &&
      child.exitCode === null
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');

    const db = new Database(join(project, 'triad.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT id, value, label FROM numbers ORDER BY id').all()).toEqual([
        { id: 1, value: 0.37, label: 'row 1' },
        { id: 2, value: 0.74, label: 'row 2' },
        { id: 3, value: 1.11, label: 'row 3' },
      ]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'numbers%'").all()).toEqual([
        { name: 'numbers' },
      ]);
      expect(db.prepare('SELECT row_count FROM triad_tables').get()).toEqual({ row_count: 3 });
    } finally {
      db.close();
    }
  });
});
