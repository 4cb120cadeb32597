import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrations.js';
import { PipelineScheduleStore } from './schedule-store.js';

function store(): PipelineScheduleStore {
  const db = new Database(':memory:');
  migrate(db);
  return new PipelineScheduleStore(db);
}

describe('PipelineScheduleStore', () => {
  it('moves a checkpoint on only from the state the caller read, so one process handles each fire time', () => {
    const schedules = store();
    const at = '2026-06-01T08:00:00.000Z';
    schedules.arm({ pipeline: 'p', file: 'p.yaml', cron: '0 9 * * *', timezone: 'UTC', checkedUntil: at });
    expect(schedules.advance('p', at, '2026-06-01T09:00:00.000Z')).toBe(true);
    // A second process that read the old checkpoint loses the race.
    expect(schedules.advance('p', at, '2026-06-01T09:00:01.000Z')).toBe(false);
    expect(schedules.checkpoints()[0]?.checkedUntil).toBe('2026-06-01T09:00:00.000Z');
  });

  it('records a table change for a trigger once, whoever saw it first', () => {
    const marks = store();
    const first = { rows: 1, updatedAt: 'a' };
    const second = { rows: 2, updatedAt: 'b' };
    expect(marks.moveTriggerMark('p', 'events', null, first, 's1')).toBe(true);
    expect(marks.moveTriggerMark('p', 'events', null, first, 's2')).toBe(false);
    expect(marks.moveTriggerMark('p', 'EVENTS', first, second, 's3')).toBe(true);
    expect(marks.moveTriggerMark('p', 'events', first, second, 's4')).toBe(false);
    expect(marks.triggerMark('p', 'Events')).toEqual({ ...second, seenAt: 's3' });
    marks.keepTriggerMarks('p', []);
    expect(marks.triggerMark('p', 'events')).toBeNull();
  });

  it('keeps the history newest first, an entry counting the missed fire times past those listed', () => {
    const history = store();
    const missed = {
      pipeline: 'p',
      source: 'schedule' as const,
      table: null,
      change: null,
      outcome: 'missed' as const,
    };
    history.record({ ...missed, dueAt: '2026-06-01T09:00:00.000Z' }, 'r');
    history.record({ ...missed, dueAt: '2026-06-02T09:00:00.000Z', occurrences: 40, message: '40 more' }, 'r');
    expect(history.history('p', 10).map((event) => [event.dueAt, event.occurrences])).toEqual([
      ['2026-06-02T09:00:00.000Z', 40],
      ['2026-06-01T09:00:00.000Z', 1],
    ]);
    expect(() => history.record({ ...missed, source: 'trigger', dueAt: '2026-06-01T09:00:00.000Z' }, 'r')).toThrow(
      /CHECK constraint failed/,
    );
  });
});
