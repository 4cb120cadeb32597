import type Database from 'better-sqlite3';
import type { PipelineSchedules } from '../../../shared/contract/pipeline-schedules.js';
import { nextFireTimes } from './cron-schedule.js';
import { checkedPipelineFiles } from './project-pipelines.js';
import { PipelineScheduleStore } from './schedule-store.js';

const NEXT_RUNS = 3;

/**
 * Each pipeline that has a schedule, triggers or a history: when it runs next, what its triggers
 * last saw, and its latest history entries. A file with problems shows the schedule last read
 * from it, which refuses its runs until the file is mended.
 */
export function scheduleOverview(
  db: Database.Database,
  projectPath: string,
  now: Date,
  options: { pipeline?: string | undefined; limit: number },
): PipelineSchedules[] {
  const store = new PipelineScheduleStore(db);
  const withHistory = new Set(store.pipelinesWithHistory());
  const checkpoints = store.checkpoints();
  const next = (cron: string, timezone: string) =>
    nextFireTimes({ cron, timezone }, now, NEXT_RUNS).map((time) => time.toISOString());
  const entries = checkedPipelineFiles(projectPath).flatMap((checked): PipelineSchedules[] => {
    if (!checked.valid)
      return checkpoints
        .filter((checkpoint) => checkpoint.file === checked.file)
        .map((checkpoint) => ({
          pipeline: checkpoint.pipeline,
          file: checked.file,
          problems: checked.problems,
          schedule: {
            cron: checkpoint.cron,
            timezone: checkpoint.timezone,
            params: {},
            nextRuns: next(checkpoint.cron, checkpoint.timezone),
          },
          triggers: [],
          history: store.history(checkpoint.pipeline, options.limit),
        }));
    const { name, schedule, triggers } = checked.parsed.pipeline;
    if (!schedule && triggers.length === 0 && !withHistory.has(name)) return [];
    return [
      {
        pipeline: name,
        file: checked.file,
        problems: [],
        schedule: schedule ? { ...schedule, nextRuns: next(schedule.cron, schedule.timezone) } : null,
        triggers: triggers.map((trigger) => ({ ...trigger, lastSeen: store.triggerMark(name, trigger.table) })),
        history: store.history(name, options.limit),
      },
    ];
  });
  const wanted = options.pipeline;
  return wanted === undefined
    ? entries
    : entries.filter((entry) => [entry.pipeline, entry.file, entry.file.replace(/\.ya?ml$/i, '')].includes(wanted));
}
