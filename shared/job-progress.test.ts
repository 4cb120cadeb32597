import { describe, expect, it } from 'vitest';
import { describeJobProgress, jobProgressFraction } from './job-progress.js';

describe('job progress in words', () => {
  it('describes an import by bytes with its row counts', () => {
    const progress = {
      stage: 'importing',
      done: 5 * 1024 * 1024,
      total: 20 * 1024 * 1024,
      unit: 'bytes',
      ratePerSecond: 2 * 1024 * 1024,
      etaSeconds: 7.2,
      counts: { rowsRead: 120000, rowsImported: 119990, rowsQuarantined: 10 },
    };
    expect(describeJobProgress(progress)).toBe(
      'importing · 5.0 MB of 20.0 MB · 2.0 MB/s · 8 s left · 120,000 rows read · 119,990 rows imported · 10 quarantined',
    );
    expect(jobProgressFraction(progress)).toBe(0.25);
  });

  it('describes work of unknown length, and counts in other units', () => {
    const unknown = {
      stage: 'joining features',
      done: 0,
      total: null,
      unit: 'rows',
      ratePerSecond: null,
      etaSeconds: null,
      counts: {},
    };
    expect(describeJobProgress(unknown)).toBe('joining features');
    expect(jobProgressFraction(unknown)).toBeNull();
    expect(
      describeJobProgress({
        ...unknown,
        stage: 'writing',
        done: 50000,
        total: 200000,
        unit: 'entities',
        etaSeconds: 90,
        counts: { view: 1 },
      }),
    ).toBe('writing · 50,000 of 200,000 entities · 2 min left');
  });
});
