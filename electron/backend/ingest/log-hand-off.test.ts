import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import {
  type CheckpointedCommits,
  type CheckpointHelper,
  type HandOffWord,
  handedOffCheckpoints,
  newHandOffWord,
} from './log-hand-off.js';

let dir: string;
let file: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triad-log-hand-off-'));
  file = join(dir, 'project.sqlite');
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (n INTEGER, s TEXT)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One commit of 20,000 rows each time it is called. */
const commitRows = () => {
  const statement = db.prepare(
    `WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 20000)
     INSERT INTO t SELECT v, printf('row %d', v) FROM n`,
  );
  return db.transaction(() => statement.run()).immediate;
};
const logBytes = () => statSync(`${file}-wal`).size;

/** The log's size after one commit, and after four more. */
function logSizesOverCommits(commits: CheckpointedCommits): { afterOne: number; afterFive: number } {
  const commit = commitRows();
  commits(commit);
  const afterOne = logBytes();
  for (let round = 0; round < 4; round += 1) commits(commit);
  return { afterOne, afterFive: logBytes() };
}

/** A helper thread running the real reader side: its checkpoints take `pauseMs` before they start copying. */
async function startHelperThread(
  word: HandOffWord,
  pauseMs: number,
): Promise<{ helper: CheckpointHelper; worker: Worker }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     (async () => {
       const { checkpointIfStillAsked } = await import(workerData.handOff);
       const { logCheckpointer } = await import(workerData.checkpointer);
       const checkpointer = logCheckpointer(workerData.file);
       const pause = new Int32Array(new SharedArrayBuffer(4));
       parentPort.on('message', () =>
         checkpointIfStillAsked(workerData.word, () => {
           Atomics.wait(pause, 0, 0, workerData.pauseMs);
           checkpointer.checkpoint();
         }),
       );
       parentPort.postMessage('ready');
     })();`,
    {
      eval: true,
      workerData: {
        word,
        file,
        pauseMs,
        handOff: compiledModuleUrl('./log-hand-off.js', import.meta.url).href,
        checkpointer: compiledModuleUrl('./log-checkpointer.js', import.meta.url).href,
      },
    },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  const helper = {
    ahead: true,
    askToCheckpoint: () => {
      worker.postMessage('checkpoint');
      return true;
    },
  };
  return { helper, worker };
}

describe('handedOffCheckpoints', () => {
  it('checkpoints here when the helper is not ahead, so the log starts over at each commit', () => {
    const log = logSizesOverCommits(
      handedOffCheckpoints(db, newHandOffWord(), { ahead: false, askToCheckpoint: () => true }),
    );
    expect(log.afterFive).toBeLessThan(log.afterOne * 1.5);
  });

  it('takes back a request the helper has not started, and checkpoints itself before the next commit', () => {
    const word = newHandOffWord();
    let asked = 0;
    const log = logSizesOverCommits(
      handedOffCheckpoints(db, word, {
        ahead: true,
        askToCheckpoint: () => {
          asked += 1;
          return true;
        },
      }),
    );
    expect(asked).toBe(5);
    // Left unchecked, the log would hold five commits.
    expect(log.afterFive).toBeLessThan(log.afterOne * 1.5);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(100_000);
  });

  it('checkpoints here when the helper has ended', () => {
    const log = logSizesOverCommits(
      handedOffCheckpoints(db, newHandOffWord(), { ahead: true, askToCheckpoint: () => false }),
    );
    expect(log.afterFive).toBeLessThan(log.afterOne * 1.5);
  });

  it("waits for the helper's running checkpoint before the next commit, so the log still starts over", async () => {
    const word = newHandOffWord();
    const { helper, worker } = await startHelperThread(word, 300);
    try {
      const commits = handedOffCheckpoints(db, word, helper);
      const commit = commitRows();
      commits(commit);
      const oneCommit = logBytes();
      // Until the helper has started: then the next commit must wait for it to finish.
      while (Atomics.load(word, 0) !== 2) await new Promise((resolve) => setTimeout(resolve, 2));
      const waitStarted = performance.now();
      commits(commit);
      expect(performance.now() - waitStarted).toBeGreaterThan(100);
      // A commit made beside the running checkpoint would have grown the log to two commits.
      expect(logBytes()).toBeLessThan(oneCommit * 1.5);
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(40_000);
    } finally {
      await worker.terminate();
    }
  });
});
