import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { PredictionLogConnection } from './prediction-log-connection.js';
import { servingMetrics } from './prediction-log-queries.js';
import { writeLogBatch } from './prediction-log-store.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const iso = (ms: number) => new Date(ms).toISOString();

describe('serving metrics from the rollups', () => {
  it('counts the rollup a range starts in, so a range shorter than one rollup still shows its requests', () => {
    const log = new PredictionLogConnection(temporaryFolder('log-'));
    const start = Date.UTC(2026, 11, 5, 12, 0, 0);
    log.use((db) =>
      writeLogBatch(
        db,
        [],
        [
          { model: 'm', version: 1, startMs: start, requests: 7, errors: 1, latency: [[10, 7]] },
          { model: 'm', version: 1, startMs: start + 10_000, requests: 3, errors: 0, latency: [[10, 3]] },
        ],
      ),
    );
    const metrics = (fromMs: number, toMs: number) =>
      log.use((db) => servingMetrics(db, { from: iso(fromMs), to: iso(toMs), points: 120 }));

    expect(metrics(start + 2_000, start + 7_000).totals).toMatchObject({ requests: 7, errors: 1 });
    const both = metrics(start + 5_000, start + 15_000);
    expect(both.totals.requests).toBe(10);
    expect(both.buckets.map((bucket) => [bucket.start, bucket.requests])).toEqual([
      [iso(start), 7],
      [iso(start + 10_000), 3],
    ]);
    expect(metrics(start + 20_000, start + 25_000).totals.requests).toBe(0);
    log.close();
  });
});
