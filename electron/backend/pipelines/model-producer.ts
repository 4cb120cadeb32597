import type Database from 'better-sqlite3';

export interface ProducingRun {
  runId: string;
  pipeline: string;
  params: Record<string, string | number | boolean>;
}

/**
 * The pipeline run whose register step made this model version, or null when no pipeline did. The
 * step's outputs column holds `{"outputs": {"model": {"value": …}}}`, or `{"model": …}` in runs
 * recorded before outputs had types (see step-record.ts).
 */
export function producingRun(db: Database.Database, model: string, version: number): ProducingRun | null {
  const row = db
    .prepare(
      `SELECT r.id, r.pipeline, r.params FROM triad_pipeline_steps s JOIN triad_pipeline_runs r ON r.id = s.run_id
       WHERE s.kind = 'register' AND s.state = 'succeeded'
         AND coalesce(json_extract(s.outputs, '$.outputs.model.value'), json_extract(s.outputs, '$.model')) = ?
       ORDER BY r.started_at DESC LIMIT 1`,
    )
    .get(`${model}:${version}`) as { id: string; pipeline: string; params: string } | undefined;
  return row ? { runId: row.id, pipeline: row.pipeline, params: JSON.parse(row.params) } : null;
}
