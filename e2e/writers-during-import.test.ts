import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/test-support/seeded-random.js';
import { CLI, runTriadOk, temporaryDir } from './harness.js';

const work = temporaryDir('writers');
const home = join(work.path, 'home');
const project = join(work.path, 'project');
const database = join(project, 'triad.sqlite');

function writeEvents(file: string, rows: number, offset = 0): void {
  const chunks: string[] = ['user_id,ts,amount,kind'];
  for (let index = 0; index < rows; index++) {
    const id = index + offset;
    chunks.push(`${id % 5000},${new Date(1_700_000_000_000 + id * 1000).toISOString()},${(id % 997) / 10},k${id % 7}`);
  }
  writeFileSync(file, `${chunks.join('\n')}\n`);
}

function startIngest(
  file: string,
  table: string,
  mode: 'replace' | 'append',
): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, 'ingest', file, '--table', table, '--mode', mode, '--project', project], {
    env: { ...process.env, TRIAD_HOME: home },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stderr: () => stderr };
}

function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(database);
  db.pragma('busy_timeout = 5000');
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** A hash over every row of a table in rowid order, and the database's own check. */
function fingerprint(table: string): { rows: number; hash: string; integrity: string } {
  return withDatabase((db) => {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(`SELECT rowid, * FROM ${table} ORDER BY rowid`).raw(true).iterate()) {
      hash.update(JSON.stringify(row));
      rows += 1;
    }
    return { rows, hash: hash.digest('hex'), integrity: db.pragma('integrity_check', { simple: true }) as string };
  });
}

function leftovers(): string[] {
  return withDatabase((db) => [
    ...(db
      .prepare(
        "SELECT name FROM sqlite_master WHERE name LIKE 'triad\\_staging\\_%' ESCAPE '\\' OR name LIKE 'triad\\_retired\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all() as string[]),
    ...(db.prepare('SELECT name FROM triad_staging').pluck().all() as string[]),
  ]);
}

async function importRunning(): Promise<void> {
  for (;;) {
    const running = withDatabase(
      (db) =>
        db
          .prepare("SELECT count(*) FROM triad_jobs WHERE state = 'running' AND kind = 'import'")
          .pluck()
          .get() as number,
    );
    if (running > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(() => {
  runTriadOk(home, ['init', project]);
  const small = join(work.path, 'small.csv');
  writeEvents(small, 2000);
  runTriadOk(home, ['ingest', small, '--table', 'events', '--project', project]);
  withDatabase((db) => db.exec('CREATE TABLE scratch (at INTEGER, note TEXT)'));
});
afterAll(() => work.remove());

describe('writers during an import', () => {
  it('lets triad apply and another writer through, waiting under 250 ms (95th percentile; never a second), while 1,000,000 rows are imported', async () => {
    const big = join(work.path, 'big.csv');
    writeEvents(big, 1_000_000);
    const definitions = join(work.path, 'features.yaml');
    writeFileSync(
      definitions,
      [
        'entities: [{ name: user, join_keys: [user_id] }]',
        'feature_views:',
        '  - name: spend',
        '    entities: [user]',
        '    source: SELECT user_id, ts, amount FROM events',
        '    timestamp_field: ts',
        '    ttl: 30d',
        '',
      ].join('\n'),
    );
    const before = fingerprint('events');
    const { exited, stderr } = startIngest(big, 'events', 'replace');
    await importRunning();

    const applied = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = Date.now();
      const child = spawn(process.execPath, [CLI, 'apply', definitions, '--project', project], {
        env: { ...process.env, TRIAD_HOME: home },
        stdio: 'ignore',
      });
      child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    });

    const waits: number[] = [];
    let importEnded = false;
    void exited.then(() => {
      importEnded = true;
    });
    const writer = new Database(database);
    writer.pragma('busy_timeout = 5000');
    const insert = writer.prepare('INSERT INTO scratch (at, note) VALUES (?, ?)');
    while (!importEnded) {
      const started = performance.now();
      writer.transaction(() => insert.run(Date.now(), 'written during the import')).immediate();
      waits.push(performance.now() - started);
      // Readers see the old table whole until the swap, then the new one whole: never a part.
      expect([before.rows, 1_000_000]).toContain(writer.prepare('SELECT count(*) FROM events').pluck().get());
      // Often enough for dozens of writes even when the import takes only a second.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    writer.close();

    expect(await exited, stderr()).toBe(0);
    expect((await applied).code).toBe(0);
    expect(waits.length).toBeGreaterThan(20);
    // The 2-core machines this runs on stall a thread now and then for a few hundred ms (a
    // single 324 ms wait was seen once); a writer held for the import would wait seconds.
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted[Math.floor(0.95 * (sorted.length - 1))]).toBeLessThan(250);
    expect(Math.max(...waits)).toBeLessThan(1000);
    expect(fingerprint('events')).toMatchObject({ rows: 1_000_000, integrity: 'ok' });
    expect(leftovers()).toEqual([]);
    console.info(
      `writes during the import: ${waits.length}, longest wait ${Math.max(...waits).toFixed(1)} ms, median ${waits.sort((a, b) => a - b)[Math.floor(waits.length / 2)]?.toFixed(1)} ms; triad apply took ${(await applied).ms} ms`,
    );
  });

  it('never loses or changes the old data when an import is killed with kill -9 at a random point (20 trials)', async () => {
    const file = join(work.path, 'trial.csv');
    writeEvents(file, 150_000, 7);
    const random = seededRandom(20261202);
    // How long a whole import takes here, to spread the kills over it.
    const timed = Date.now();
    const { exited: full } = startIngest(file, 'trial', 'replace');
    expect(await full).toBe(0);
    const duration = Date.now() - timed;
    const replaced = fingerprint('trial');
    let expected = replaced;
    let completed = 0;

    for (let trial = 0; trial < 20; trial++) {
      const mode = trial % 4 === 3 ? 'append' : 'replace';
      const { child, exited } = startIngest(file, 'trial', mode);
      const delay = Math.floor(duration * (0.05 + (0.9 * random.int(1000)) / 1000));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      const code = await exited;
      const after = fingerprint('trial');
      expect(after.integrity).toBe('ok');
      // Either the old data exactly, or (killed after its swap committed) the whole import. A
      // replace that finished before the kill leaves the same rows as the one before it did.
      if (after.hash !== expected.hash) {
        if (mode === 'replace') expect(after).toEqual(replaced);
        else expect(after.rows).toBe(expected.rows + 150_000);
        expected = after;
        completed += 1;
      } else if (code === 0) {
        expect(mode === 'replace' && expected.hash === replaced.hash).toBe(true);
        completed += 1;
      }
      runTriadOk(home, ['jobs', 'list', '--project', project]);
      expect(leftovers()).toEqual([]);
    }
    // Most kills land mid-way: the trials test the interrupted path, not finished imports.
    expect(completed).toBeLessThan(10);
  });
});
