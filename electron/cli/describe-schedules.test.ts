import { describe, expect, it } from 'vitest';
import type { PipelineSchedules } from '../../shared/contract/pipeline-schedules.js';
import { describeSchedules } from './describe-schedules.js';

const missed = (id: number, dueAt: string, occurrences = 1) => ({
  id,
  pipeline: 'nightly',
  source: 'schedule' as const,
  dueAt,
  table: null,
  change: null,
  outcome: 'missed' as const,
  occurrences,
  message: occurrences > 1 ? `${occurrences} more fire times were missed` : null,
  runId: null,
  recordedAt: '2026-06-04T08:00:00.000Z',
});

describe('describeSchedules', () => {
  it('shows the schedule, triggers and history, the missed fire times counted in a warning', () => {
    const entry: PipelineSchedules = {
      pipeline: 'nightly',
      file: 'nightly.yaml',
      problems: [],
      schedule: {
        cron: '0 6 * * *',
        timezone: 'Europe/Paris',
        params: {},
        nextRuns: ['2026-06-05T04:00:00.000Z'],
      },
      triggers: [
        {
          table: 'events',
          params: {},
          lastSeen: { rows: 1200, updatedAt: '2026-06-04T07:00:00.000Z', seenAt: '2026-06-04T07:00:05.000Z' },
        },
      ],
      history: [missed(2, '2026-06-03T04:00:00.000Z', 5), missed(1, '2026-06-02T04:00:00.000Z')],
    };
    expect(describeSchedules([entry]).split('\n')).toEqual([
      'nightly (nightly.yaml)',
      '  schedule  0 6 * * * in Europe/Paris; next: 2026-06-05 04:00 UTC',
      '  trigger   new data in events; last seen: 1,200 rows, changed 2026-06-04 07:00 UTC',
      '  ! 6 fire times missed while the project was closed (not run) in this history',
      '  RECORDED              WHAT                            OUTCOME                  RUN OR WHY',
      '  2026-06-04 08:00 UTC  fire time 2026-06-03 04:00 UTC  MISSED (project closed)  5 more fire times were missed',
      '  2026-06-04 08:00 UTC  fire time 2026-06-02 04:00 UTC  MISSED (project closed)',
      '',
      'Schedules and triggers run while the app or triad serve has the project open.',
    ]);
    expect(describeSchedules([])).toMatch(/^No pipeline has a schedule or triggers/);
  });
});
