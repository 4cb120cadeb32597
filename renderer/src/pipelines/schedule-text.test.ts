import { describe, expect, it } from 'vitest';
import type { ScheduleEvent } from '../../../shared/contract/pipeline-schedules.js';
import { inZone, missedSinceLastStart } from './schedule-text.js';

const event = (outcome: ScheduleEvent['outcome'], dueAt: string, occurrences = 1): ScheduleEvent => ({
  id: 0,
  pipeline: 'p',
  source: 'schedule',
  dueAt,
  table: null,
  change: null,
  outcome,
  occurrences,
  message: null,
  runId: null,
  recordedAt: dueAt,
});

describe('schedule texts', () => {
  it('counts the fire times missed since the last run started, newest first', () => {
    const history = [
      event('missed', '2026-12-04T06:00:00Z', 80),
      event('missed', '2026-12-03T06:00:00Z'),
      event('started', '2026-12-02T06:00:00Z'),
      event('missed', '2026-12-01T06:00:00Z'),
    ];
    expect(missedSinceLastStart(history)).toEqual({ count: 81, latest: '2026-12-04T06:00:00Z' });
    expect(missedSinceLastStart(history.slice(2))).toEqual({ count: 0, latest: null });
    expect(missedSinceLastStart([])).toEqual({ count: 0, latest: null });
  });

  it('reads a fire time in the schedule’s zone', () => {
    expect(inZone('2026-07-01T04:00:00Z', 'Europe/Paris')).toBe('Wed 1 Jul, 06:00');
    expect(inZone('2026-12-01T05:00:00Z', 'Europe/Paris')).toBe('Tue 1 Dec, 06:00');
  });
});
