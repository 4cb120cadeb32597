import type Database from 'better-sqlite3';
import type { ScheduleEvent, ScheduleOutcome, TableChange } from '../../../shared/contract/pipeline-schedules.js';

/** A schedule as last armed: fire times up to `checkedUntil` were handled (run, skipped, refused or reported missed). */
export interface ScheduleCheckpoint {
  pipeline: string;
  file: string;
  cron: string;
  timezone: string;
  checkedUntil: string;
}

export interface TriggerMark extends TableChange {
  seenAt: string;
}

export type NewScheduleEvent = Omit<ScheduleEvent, 'id' | 'recordedAt' | 'occurrences' | 'message' | 'runId'> &
  Partial<Pick<ScheduleEvent, 'occurrences' | 'message' | 'runId'>>;

interface EventRow {
  id: number;
  pipeline: string;
  source: ScheduleEvent['source'];
  due_at: string | null;
  table_name: string | null;
  row_count: number | null;
  table_updated_at: string | null;
  outcome: ScheduleOutcome;
  occurrences: number;
  message: string | null;
  run_id: string | null;
  recorded_at: string;
}

function scheduleEvent(row: EventRow): ScheduleEvent {
  return {
    id: row.id,
    pipeline: row.pipeline,
    source: row.source,
    dueAt: row.due_at,
    table: row.table_name,
    change: row.table_name === null ? null : { rows: row.row_count, updatedAt: row.table_updated_at },
    outcome: row.outcome,
    occurrences: row.occurrences,
    message: row.message,
    runId: row.run_id,
    recordedAt: row.recorded_at,
  };
}

/**
 * What a project's schedules and triggers last saw, and their history (tables of schema version
 * 14). The updates that move what was seen succeed only from the state the caller read, so two
 * processes with the project open never both act on one fire time or one table change.
 */
export class PipelineScheduleStore {
  constructor(readonly db: Database.Database) {}

  checkpoints(): ScheduleCheckpoint[] {
    return this.db
      .prepare(
        'SELECT pipeline, file, cron, timezone, checked_until AS checkedUntil FROM triad_pipeline_schedules ORDER BY pipeline',
      )
      .all() as ScheduleCheckpoint[];
  }

  /** Arms a schedule afresh from `checkpoint.checkedUntil` (a new or changed schedule: nothing before counts). */
  arm(checkpoint: ScheduleCheckpoint): void {
    this.db
      .prepare(
        `INSERT INTO triad_pipeline_schedules (pipeline, file, cron, timezone, checked_until) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (pipeline) DO UPDATE SET file = excluded.file, cron = excluded.cron,
           timezone = excluded.timezone, checked_until = excluded.checked_until`,
      )
      .run(checkpoint.pipeline, checkpoint.file, checkpoint.cron, checkpoint.timezone, checkpoint.checkedUntil);
  }

  /** Moves the checkpoint on; false when another process moved it first (the fire times are its to handle). */
  advance(pipeline: string, from: string, to: string): boolean {
    return (
      this.db
        .prepare('UPDATE triad_pipeline_schedules SET checked_until = ? WHERE pipeline = ? AND checked_until = ?')
        .run(to, pipeline, from).changes === 1
    );
  }

  disarm(pipeline: string): void {
    this.db.prepare('DELETE FROM triad_pipeline_schedules WHERE pipeline = ?').run(pipeline);
  }

  /** What the trigger last saw of its table, or null when it has not looked yet. */
  triggerMark(pipeline: string, table: string): TriggerMark | null {
    const row = this.db
      .prepare(
        `SELECT row_count AS rows, table_updated_at AS updatedAt, seen_at AS seenAt
         FROM triad_pipeline_trigger_marks WHERE pipeline = ? AND table_name = ?`,
      )
      .get(pipeline, table) as TriggerMark | undefined;
    return row ?? null;
  }

  /**
   * Records the table's state as seen by the trigger: from `seen` (null: never looked) to `now`;
   * false when another process recorded this change first.
   */
  moveTriggerMark(pipeline: string, table: string, seen: TableChange | null, now: TableChange, at: string): boolean {
    if (seen === null)
      return (
        this.db
          .prepare(
            `INSERT INTO triad_pipeline_trigger_marks (pipeline, table_name, row_count, table_updated_at, seen_at)
             VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(pipeline, table, now.rows, now.updatedAt, at).changes === 1
      );
    return (
      this.db
        .prepare(
          `UPDATE triad_pipeline_trigger_marks SET row_count = ?, table_updated_at = ?, seen_at = ?
           WHERE pipeline = ? AND table_name = ? AND row_count IS ? AND table_updated_at IS ?`,
        )
        .run(now.rows, now.updatedAt, at, pipeline, table, seen.rows, seen.updatedAt).changes === 1
    );
  }

  /** Forgets the marks of the pipeline's tables it no longer triggers on (a trigger added again starts afresh). */
  keepTriggerMarks(pipeline: string, tables: readonly string[]): void {
    const kept = new Set(tables.map((table) => table.toLowerCase()));
    const marked = this.db
      .prepare('SELECT table_name FROM triad_pipeline_trigger_marks WHERE pipeline = ?')
      .pluck()
      .all(pipeline) as string[];
    const drop = this.db.prepare('DELETE FROM triad_pipeline_trigger_marks WHERE pipeline = ? AND table_name = ?');
    for (const table of marked) if (!kept.has(table.toLowerCase())) drop.run(pipeline, table);
  }

  /** Pipelines with trigger marks. */
  triggeredPipelines(): string[] {
    return this.db
      .prepare('SELECT DISTINCT pipeline FROM triad_pipeline_trigger_marks ORDER BY pipeline')
      .pluck()
      .all() as string[];
  }

  record(event: NewScheduleEvent, recordedAt: string): ScheduleEvent {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO triad_pipeline_schedule_events
           (pipeline, source, due_at, table_name, row_count, table_updated_at, outcome, occurrences, message, run_id, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        event.pipeline,
        event.source,
        event.dueAt,
        event.table,
        event.change?.rows ?? null,
        event.change?.updatedAt ?? null,
        event.outcome,
        event.occurrences ?? 1,
        event.message ?? null,
        event.runId ?? null,
        recordedAt,
      );
    return scheduleEvent(
      this.db.prepare('SELECT * FROM triad_pipeline_schedule_events WHERE id = ?').get(lastInsertRowid) as EventRow,
    );
  }

  /** The pipeline's history, newest first. */
  history(pipeline: string, limit: number): ScheduleEvent[] {
    return (
      this.db
        .prepare('SELECT * FROM triad_pipeline_schedule_events WHERE pipeline = ? ORDER BY id DESC LIMIT ?')
        .all(pipeline, limit) as EventRow[]
    ).map(scheduleEvent);
  }

  /** Pipelines with a history. */
  pipelinesWithHistory(): string[] {
    return this.db
      .prepare('SELECT DISTINCT pipeline FROM triad_pipeline_schedule_events ORDER BY pipeline')
      .pluck()
      .all() as string[];
  }
}
