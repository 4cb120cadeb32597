import { z } from 'zod';
import { JobProgressEvent, JobSummary } from './jobs.js';
import { PipelineRun, ProjectPipeline } from './pipeline-runs.js';
import { ScheduleEvents } from './pipeline-schedules.js';
import { ProjectInfo, ServiceStatus, Settings } from './schemas.js';
import { Deployment, DriftReport } from './serving.js';

/** Every event the backend pushes to its clients. */
export const events = {
  'services.changed': z.array(ServiceStatus),
  'project.changed': ProjectInfo,
  'settings.changed': Settings,
  /** Your signing key was made or replaced (`own-key`), or the open project's trusted keys or signature requirement changed (`trust-list`). */
  'keys.changed': z.object({ changed: z.enum(['own-key', 'trust-list']) }),
  /** A job was created, changed state, or (a few times a second at most) moved on. */
  'jobs.changed': JobSummary,
  'jobs.progress': JobProgressEvent,
  /** A pipeline run of this process started, a step of it changed state, or it ended. */
  'pipelineRuns.changed': PipelineRun,
  /** A pipeline file was saved: the project's pipelines as they are now. */
  'pipelines.changed': z.array(ProjectPipeline),
  /** A pipeline's schedule or trigger history grew: runs missed while the project was closed, a run started, skipped or refused. */
  'pipelineSchedules.changed': ScheduleEvents,
  /** A deployment was made, removed, finished loading, failed, or moved to another version. */
  'serving.changed': z.array(Deployment),
  /** A drift check ran (the hourly one of a deployed version, or one asked for): its report, kept in the alert history. */
  'serving.driftChecked': DriftReport,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** One pushed event; a union over the event names, so checking `name` narrows `payload`. */
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];
