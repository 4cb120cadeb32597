import { z } from 'zod';
import { DefinitionProblem } from './schemas.js';

/**
 * What became of a fire time or a table change: a run `started`; none because a run of the
 * pipeline was still running (`skipped_overlap`); none because no Triad had the project open at
 * that time (`missed`); or none because the run was refused (`refused`: the pipeline has problems).
 */
export const SCHEDULE_OUTCOMES = ['started', 'skipped_overlap', 'missed', 'refused'] as const;
export const ScheduleOutcome = z.enum(SCHEDULE_OUTCOMES);
export type ScheduleOutcome = z.infer<typeof ScheduleOutcome>;

/** A table's state as the catalog keeps it: its row count and last change (both null: no such table). */
export const TableChange = z.object({ rows: z.number().int().nullable(), updatedAt: z.string().nullable() });
export type TableChange = z.infer<typeof TableChange>;

/** One entry of a pipeline's schedule and trigger history. */
export const ScheduleEvent = z.object({
  id: z.number().int(),
  pipeline: z.string(),
  source: z.enum(['schedule', 'trigger']),
  /** The fire time, for a schedule. */
  dueAt: z.string().nullable(),
  /** The table and the change seen in it, for a trigger. */
  table: z.string().nullable(),
  change: TableChange.nullable(),
  outcome: ScheduleOutcome,
  /** How many fire times it stands for: more than 1 for the entry summing up a long list of missed runs. */
  occurrences: z.number().int(),
  message: z.string().nullable(),
  runId: z.string().nullable(),
  recordedAt: z.string(),
});
export type ScheduleEvent = z.infer<typeof ScheduleEvent>;

const ParameterValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** A pipeline's schedule, triggers and recent history; `problems` when its file has some (it then runs nothing). */
export const PipelineSchedules = z.object({
  pipeline: z.string(),
  file: z.string(),
  problems: z.array(DefinitionProblem),
  schedule: z
    .object({
      cron: z.string(),
      timezone: z.string(),
      params: ParameterValues,
      /** The next fire times (UTC, ISO 8601). */
      nextRuns: z.array(z.string()),
    })
    .nullable(),
  triggers: z.array(
    z.object({
      table: z.string(),
      params: ParameterValues,
      /** The table's state when the trigger last looked (null: not looked yet). */
      lastSeen: TableChange.extend({ seenAt: z.string() }).nullable(),
    }),
  ),
  /** Newest first. */
  history: z.array(ScheduleEvent),
});
export type PipelineSchedules = z.infer<typeof PipelineSchedules>;

export const PipelineSchedulesInput = z
  .object({
    pipeline: z.string().min(1).optional(),
    /** History entries per pipeline. */
    limit: z.number().int().min(1).max(500).default(20),
  })
  .strict();

/** New entries of a pipeline's history: runs missed while the project was closed, a run started or skipped. */
export const ScheduleEvents = z.object({ pipeline: z.string(), events: z.array(ScheduleEvent) });
export type ScheduleEvents = z.infer<typeof ScheduleEvents>;
