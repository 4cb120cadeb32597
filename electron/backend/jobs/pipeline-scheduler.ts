import type { PipelineSchedule } from '../../../shared/contract/pipeline-definition.js';
import type { ScheduleEvent, ScheduleEvents, TableChange } from '../../../shared/contract/pipeline-schedules.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import type { Project } from '../db/project.js';
import { type CronSchedule, nextFireTimes } from '../pipelines/cron-schedule.js';
import { dueFireTimes, missedEvents } from '../pipelines/missed-fire-times.js';
import { type CheckedPipelineFile, checkedPipelineFiles } from '../pipelines/project-pipelines.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { type NewScheduleEvent, PipelineScheduleStore, type ScheduleCheckpoint } from '../pipelines/schedule-store.js';
import type { PipelineRunRequest } from './pipeline-runner.js';
import { type SchedulerClock, systemClock } from './scheduler-clock.js';

export interface PipelineSchedulerOptions {
  project: Project;
  /** Starts a run the way pipelines.run does; throws when the run is refused. */
  startRun(request: Omit<PipelineRunRequest, 'runId'>): { runId: string };
  /** New history entries of a pipeline. */
  onEvents(events: ScheduleEvents): void;
  /** A check that failed as a whole (the next one tries again). */
  onError(message: string): void;
  clock?: SchedulerClock;
  /** How often pipeline files and the table catalog are read again, in ms (edits and imports are seen this late). */
  pollMs?: number;
  /** Missed fire times recorded one by one; the rest are summed up in one entry. */
  missedListed?: number;
}

/** A valid pipeline file: what a run of it takes. */
interface Runnable {
  pipeline: string;
  file: string;
  text: string;
}

type EventSource = Pick<NewScheduleEvent, 'source' | 'dueAt' | 'table' | 'change'>;

const ABSENT: TableChange = { rows: null, updatedAt: null };

const sameChange = (a: TableChange, b: TableChange) => a.rows === b.rows && a.updatedAt === b.updatedAt;

function problemsSummary(file: string, problems: readonly DefinitionProblem[]): string {
  const [first] = problems;
  const where = first?.line ? `line ${first.line}: ` : '';
  return `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}${first ? ` (${where}${first.message})` : ''}: mend it for the pipeline to run`;
}

/**
 * Runs a project's pipelines at their schedules' fire times and when their trigger tables get new
 * data. It reads the pipeline files and the table catalog again every `pollMs` (so edits, and
 * imports by other processes, are seen), and wakes at each fire time. A pipeline with a run still
 * running is not started again: the fire time or change is recorded as skipped. Fire times that
 * passed while no Triad had the project open are recorded as missed when it opens, never run.
 */
export class PipelineScheduler {
  private readonly clock: SchedulerClock;
  private readonly pollMs: number;
  private readonly missedListed: number;
  private readonly store: PipelineScheduleStore;
  private readonly runs: PipelineRunStore;
  private timer: unknown = null;
  private started = false;
  private nextFire: Date | null = null;

  constructor(private readonly options: PipelineSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? 5000;
    this.missedListed = options.missedListed ?? 100;
    this.store = new PipelineScheduleStore(options.project.db);
    this.runs = new PipelineRunStore(options.project.db);
  }

  /** Records the fire times missed since the project was last open, then keeps checking. */
  start(): void {
    this.started = true;
    this.check(true);
  }

  stop(): void {
    this.started = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private check(catchingUp: boolean): void {
    this.timer = null;
    try {
      const files = checkedPipelineFiles(this.options.project.path);
      const now = this.clock.now();
      this.nextFire = null;
      this.checkSchedules(files, now, catchingUp);
      this.checkTriggers(files, now);
    } catch (error) {
      this.options.onError(`pipeline schedules: ${(error as Error).message}`);
    }
    if (!this.started) return;
    const untilFire = this.nextFire ? this.nextFire.getTime() - this.clock.now().getTime() : this.pollMs;
    this.timer = this.clock.setTimeout(() => this.check(false), Math.max(0, Math.min(this.pollMs, untilFire)));
  }

  private checkSchedules(files: readonly CheckedPipelineFile[], now: Date, catchingUp: boolean): void {
    const checkpoints = new Map(this.store.checkpoints().map((checkpoint) => [checkpoint.pipeline, checkpoint]));
    for (const checked of files) {
      if (!checked.valid) continue;
      const { name, schedule } = checked.parsed.pipeline;
      if (!schedule) continue;
      const checkpoint = checkpoints.get(name);
      checkpoints.delete(name);
      this.noteNextFire(schedule, now);
      if (!checkpoint || checkpoint.cron !== schedule.cron || checkpoint.timezone !== schedule.timezone) {
        // A new or changed schedule counts from now: the old one's fire times are not its own.
        this.store.arm({ ...schedule, pipeline: name, file: checked.file, checkedUntil: now.toISOString() });
        continue;
      }
      const runnable = { pipeline: name, file: checked.file, text: checked.text };
      this.handleDueTimes(checkpoint, now, catchingUp, (source) => this.fire(runnable, source, schedule, 'schedule'));
    }
    for (const checkpoint of checkpoints.values()) {
      const broken = files.find((checked) => checked.file === checkpoint.file);
      if (!broken || broken.valid) {
        // The pipeline has no schedule any more (or no file): forget it.
        this.store.disarm(checkpoint.pipeline);
        continue;
      }
      // Its file has problems: the schedule last read from it goes on, and refuses each run.
      this.noteNextFire(checkpoint, now);
      const message = problemsSummary(broken.file, broken.problems);
      this.handleDueTimes(checkpoint, now, catchingUp, (source) =>
        this.store.record({ ...source, pipeline: checkpoint.pipeline, outcome: 'refused', message }, now.toISOString()),
      );
    }
  }

  /**
   * The fire times since the checkpoint: when the project opens they were all missed; later the
   * latest runs (the others passed while the process was asleep, e.g. a laptop's lid closed).
   */
  private handleDueTimes(
    checkpoint: ScheduleCheckpoint,
    now: Date,
    catchingUp: boolean,
    fire: (source: EventSource) => ScheduleEvent,
  ): void {
    const { times, capped } = dueFireTimes(checkpoint, new Date(checkpoint.checkedUntil), now);
    if (times.length === 0) return;
    if (!this.store.advance(checkpoint.pipeline, checkpoint.checkedUntil, now.toISOString())) return;
    const due = catchingUp || capped ? undefined : times.pop();
    const recordedAt = now.toISOString();
    const events = missedEvents(checkpoint.pipeline, times, capped, this.missedListed).map((event) =>
      this.store.record(event, recordedAt),
    );
    if (due) events.push(fire({ source: 'schedule', dueAt: due.toISOString(), table: null, change: null }));
    this.options.onEvents({ pipeline: checkpoint.pipeline, events });
  }

  private noteNextFire(schedule: CronSchedule, now: Date): void {
    const [next] = nextFireTimes(schedule, now, 1);
    if (next && (!this.nextFire || next < this.nextFire)) this.nextFire = next;
  }

  private checkTriggers(files: readonly CheckedPipelineFile[], now: Date): void {
    const catalog = new Map(
      (
        this.options.project.db
          .prepare('SELECT name, row_count AS rows, updated_at AS updatedAt FROM triad_tables')
          .all() as (TableChange & { name: string })[]
      ).map(({ name, rows, updatedAt }) => [name.toLowerCase(), { rows, updatedAt }]),
    );
    const valid = new Set<string>();
    for (const checked of files) {
      if (!checked.valid) continue;
      const { name, triggers } = checked.parsed.pipeline;
      valid.add(name);
      this.store.keepTriggerMarks(
        name,
        triggers.map((trigger) => trigger.table),
      );
      for (const trigger of triggers) {
        const seen = this.store.triggerMark(name, trigger.table);
        const current = catalog.get(trigger.table.toLowerCase()) ?? ABSENT;
        if (seen && sameChange(seen, current)) continue;
        if (!this.store.moveTriggerMark(name, trigger.table, seen, current, now.toISOString())) continue;
        // A new trigger first looks at its table; a dropped table is no new data.
        if (seen === null || current.rows === null) continue;
        const runnable = { pipeline: name, file: checked.file, text: checked.text };
        const source = { source: 'trigger' as const, dueAt: null, table: trigger.table, change: current };
        this.options.onEvents({ pipeline: name, events: [this.fire(runnable, source, trigger, 'trigger')] });
      }
    }
    // A pipeline gone from every file forgets its marks, unless a file with problems may be it.
    if (files.every((checked) => checked.valid))
      for (const pipeline of this.store.triggeredPipelines())
        if (!valid.has(pipeline)) this.store.keepTriggerMarks(pipeline, []);
  }

  /** Starts a run of the pipeline, unless one is still running; records what happened. */
  private fire(
    runnable: Runnable,
    source: EventSource,
    overrides: Pick<PipelineSchedule, 'params'>,
    reason: 'schedule' | 'trigger',
  ): ScheduleEvent {
    const recordedAt = this.clock.now().toISOString();
    const event = { ...source, pipeline: runnable.pipeline };
    const running = this.runs.runningRunOf(runnable.pipeline);
    if (running)
      return this.store.record(
        { ...event, outcome: 'skipped_overlap', message: `run ${running} of the pipeline was still running` },
        recordedAt,
      );
    try {
      const { runId } = this.options.startRun({
        file: runnable.file,
        text: runnable.text,
        params: overrides.params,
        reason,
      });
      return this.store.record({ ...event, outcome: 'started', runId }, recordedAt);
    } catch (error) {
      return this.store.record({ ...event, outcome: 'refused', message: (error as Error).message }, recordedAt);
    }
  }
}
