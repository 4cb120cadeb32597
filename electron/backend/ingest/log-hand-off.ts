import type Database from 'better-sqlite3';

/**
 * Who moves an import's log into the database file after each commit: the importing thread, or the
 * first reader thread while it is ahead of the importer (the importer then does not wait on the
 * copy and the disk's flushes). The two threads share one word. The importer asks (ASKED); the
 * reader starts the checkpoint only if the request still stands (RUNNING) and sets the word back
 * (IDLE) once done. Before its next commit the importer takes back a request not yet started (and
 * checkpoints itself) or waits for one running, so every commit finds the log checkpointed and
 * starts it over: the log never holds much more than one commit's pages.
 */
export type HandOffWord = Int32Array;

const IDLE = 0;
const ASKED = 1;
const RUNNING = 2;

/** The longest the importer waits for a reader's checkpoint before it commits anyway. */
const LONGEST_WAIT_MS = 30_000;

export function newHandOffWord(): HandOffWord {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** The reader's side: runs `checkpoint` if the importer's request still stands. */
export function checkpointIfStillAsked(word: HandOffWord, checkpoint: () => void): void {
  if (Atomics.compareExchange(word, 0, ASKED, RUNNING) !== ASKED) return;
  try {
    checkpoint();
  } finally {
    Atomics.store(word, 0, IDLE);
    Atomics.notify(word, 0);
  }
}

/** The thread that can take a checkpoint over. */
export interface CheckpointHelper {
  /** Whether it is ahead of the importer (batches wait to be stored), so it has time to spare. */
  readonly ahead: boolean;
  /** Sends it the request; false when it can no longer take one (it has ended). */
  askToCheckpoint(): boolean;
}

/** Runs the importer's commits, each followed by a checkpoint, here or by the helper. */
export type CheckpointedCommits = <T>(commit: () => T) => T;

/** Commits with no checkpoint of their own: the connection's automatic checkpoints do the work. */
export const plainCommits: CheckpointedCommits = (commit) => commit();

export function handedOffCheckpoints(
  db: Database.Database,
  word: HandOffWord,
  helper: CheckpointHelper,
): CheckpointedCommits {
  let handedOff = false;
  const checkpointHere = () => db.pragma('wal_checkpoint(PASSIVE)');
  return (commit) => {
    if (handedOff) {
      handedOff = false;
      if (Atomics.compareExchange(word, 0, ASKED, IDLE) === ASKED) checkpointHere();
      else Atomics.wait(word, 0, RUNNING, LONGEST_WAIT_MS);
    }
    const result = commit();
    if (helper.ahead) {
      Atomics.store(word, 0, ASKED);
      handedOff = helper.askToCheckpoint();
      if (handedOff) return result;
      Atomics.store(word, 0, IDLE);
    }
    checkpointHere();
    return result;
  };
}
