import { compiledModuleUrl } from '../threads/compiled-module.js';
import { threadsStartedAhead } from '../threads/threads-started-ahead.js';
import type { CoercingReaderMessage, ImporterMessage } from './coercing-reader-protocol.js';

/**
 * The file reader threads of imports (coercing-reader-worker.ts). A module of its own, small, so
 * that a job worker can start one before it loads the import's code.
 */

/** Whether the reader thread's code is built: always in the app and the CLI; from sources, once `npm run build:node` ran. */
export const READER_THREAD_AVAILABLE = (() => {
  try {
    compiledModuleUrl('./coercing-reader-worker.js', import.meta.url);
    return true;
  } catch {
    return false;
  }
})();

export const readerThreads = READER_THREAD_AVAILABLE
  ? threadsStartedAhead<CoercingReaderMessage, ImporterMessage>(
      compiledModuleUrl('./coercing-reader-worker.js', import.meta.url),
      'the file reader',
    )
  : null;

/**
 * Starts a reader thread ahead of an import (the CLI, while it loads the command): the thread's
 * start-up then overlaps the importing thread's, and the next import takes it. Until then it does
 * not keep the process alive.
 */
export function prepareReaderThread(): void {
  readerThreads?.prepare(1);
}
