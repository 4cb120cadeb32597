import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runTriad, runTriadOk, temporaryDir } from './harness.js';

const work = temporaryDir('jobs-cli');
const home = join(work.path, 'home');
const project = join(work.path, 'project');
const bigFile = join(work.path, 'big.csv');
const smallFile = join(work.path, 'small.csv');

function writeRows(file: string, rows: number): void {
  const lines = ['id,value,label'];
  for (let index = 0; index < rows; index++) lines.push(`${index},${(index * 0.25).toFixed(2)},label ${index % 53}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const triadJson = <T>(args: string[]): T =>
  JSON.parse(runTriadOk(home, [...args, '--project', project, '--json'])) as T;

interface Job {
  id: string;
  state: string;
  kind: string;
  title: string;
  origin: string;
  error: string | null;
}

function startIngest(mode: 'replace' | 'append'): {
  child: ChildProcess;
  ended: Promise<{ code: number | null; signal: string | null; stderr: string }>;
} {
  const child = spawn(
    process.execPath,
    [CLI, 'ingest', bigFile, '--table', 'numbers', '--mode', mode, '--project', project],
    {
      env: { ...process.env, TRIAD_HOME: home },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ended = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, ended };
}

async function runningJob(): Promise<Job> {
  for (;;) {
    const [job] = triadJson<Job[]>(['jobs', 'list', '--state', 'running']);
    if (job) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function tableFingerprint(): { rows: number; sum: number } {
  const db = new Database(join(project, 'triad.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS rows, total(id) AS sum FROM numbers').get() as {
      rows: number;
      sum: number;
    };
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return row;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  writeRows(bigFile, 3_000_000);
  writeRows(smallFile, 1000);
  runTriadOk(home, ['init', project]);
  runTriadOk(home, ['ingest', smallFile, '--table', 'numbers', '--project', project]);
});
afterAll(() => work.remove());

describe('jobs from the CLI', () => {
  it('records a command’s job, lists it, and shows it with its log and result', () => {
    const [job] = triadJson<Job[]>(['jobs', 'list']);
    expect(job).toMatchObject({
      kind: 'import',
      state: 'succeeded',
      origin: 'cli',
      title: 'Import small.csv into numbers',
    });
    const shown = triadJson<Job & { log: { message: string }[]; result: { rowsImported: number } }>([
      'jobs',
      'show',
      (job as Job).id.slice(0, 8),
    ]);
    expect(shown.result.rowsImported).toBe(1000);
    expect(shown.log.at(-1)?.message).toMatch(/^succeeded in /);
    const text = runTriadOk(home, ['jobs', 'list', '--project', project]);
    expect(text).toMatch(/^ID +STATE +KIND +CREATED \(UTC\) +TIME +FROM +WHAT\n/);
    expect(text).toContain('succeeded  import');

    const again = runTriad(home, ['jobs', 'cancel', (job as Job).id, '--project', project]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('Import small.csv into numbers had already ended: succeeded\n');
    expect(runTriad(home, ['jobs', 'show', 'nope', '--project', project]).stderr).toContain(
      'no job nope in this project (triad jobs list shows them)',
    );
  });

  it('cancels an import on Ctrl+C: exit 130, the job cancelled, the table as it was', async () => {
    const before = tableFingerprint();
    const { child, ended } = startIngest('replace');
    const job = await runningJob();
    child.kill('SIGINT');
    const { code, stderr } = await ended;
    expect(code).toBe(130);
    expect(stderr).toContain('Cancelling…');
    expect(triadJson<Job>(['jobs', 'show', job.id])).toMatchObject({
      state: 'cancelled',
      error: 'cancelled by the user',
    });
    expect(tableFingerprint()).toEqual(before);
  });

  it('shows an import killed with kill -9 as interrupted at the next start, and the table as it was', async () => {
    const before = tableFingerprint();
    const { child, ended } = startIngest('append');
    const job = await runningJob();
    child.kill('SIGKILL');
    expect((await ended).signal).toBe('SIGKILL');
    const after = triadJson<Job>(['jobs', 'show', job.id]);
    expect(after.state).toBe('interrupted');
    expect(after.error).toMatch(/^its process \(a triad command, pid \d+\) stopped while it ran$/);
    expect(tableFingerprint()).toEqual(before);
  });
});
