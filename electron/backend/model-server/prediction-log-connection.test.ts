import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { PredictionLogConnection } from './prediction-log-connection.js';
import { PREDICTION_LOG_FILE } from './prediction-log-store.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('the prediction log connection', () => {
  it('opens the log on first use, keeps that one connection, and is not reopened once closed', () => {
    const dir = temporaryFolder('log-');
    const log = new PredictionLogConnection(dir);
    expect(existsSync(join(dir, PREDICTION_LOG_FILE))).toBe(false);
    const first = log.use((db) => db);
    expect(log.use((db) => db)).toBe(first);
    expect(log.use((db) => db.prepare('SELECT count(*) FROM predictions').pluck().get())).toBe(0);
    log.close();
    expect(first.open).toBe(false);
    expect(() => log.use((db) => db)).toThrow('the project was closed: its prediction log is no longer open');
  });
});
