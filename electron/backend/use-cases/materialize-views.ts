import type Database from 'better-sqlite3';
import type { JobResult } from '../../../shared/contract/jobs.js';
import type { MaterializeProgress } from '../../../shared/contract/schemas.js';
import { materialize, onlineViews } from '../features/materialize.js';

export interface MaterializeRequest {
  /** The views to materialize; null for every view with `online: true`. */
  views: readonly string[] | null;
  /** Where the window starts (epoch ms); null to go on from each view's watermark. */
  startMs: number | null;
  /** Where the window ends (epoch ms, exclusive). */
  endMs: number;
}

/**
 * Materializes feature views into the online store, each after its blocking quality checks pass.
 * The materialize job (the app's and `triad materialize`'s) and the sample project run it.
 */
export function materializeViews(
  db: Database.Database,
  request: MaterializeRequest,
  onProgress?: (progress: MaterializeProgress) => void,
  /** Who owns a staged run's table (a job id), so it can be discarded if the run is stopped. */
  owner?: string,
): JobResult<'materialize'> {
  const { startMs, endMs } = request;
  return materialize(
    db,
    request.views ?? onlineViews(db),
    () => (startMs === null ? { incremental: true, endMs } : { startMs, endMs }),
    onProgress,
    owner,
  ).map(({ durationMs: _, ...result }) => result);
}
