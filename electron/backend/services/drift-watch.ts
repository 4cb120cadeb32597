import { TriadError } from '../../../shared/contract/errors.js';
import type { Deployment, DriftReport } from '../../../shared/contract/serving.js';
import type { Project } from '../db/project.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { loggedInputsBetween } from '../model-server/prediction-log-queries.js';
import { checkDrift } from '../use-cases/check-drift.js';

const HOUR_MS = 3_600_000;
/** The live window each scheduled check compares: the last day of predictions. */
const WINDOW_MINUTES = 1440;

/** The open project and its prediction log (the project session). */
export interface WatchedProject {
  currentOrNull(): Project | null;
  readonly predictionLog: PredictionLogConnection;
}

/**
 * Checks the drift of every deployed version once an hour, when it answered predictions since
 * its last check, and hands each report on: the alerts come without anyone asking.
 */
export class DriftWatch {
  private timer: NodeJS.Timeout | null = null;
  private readonly lastChecked = new Map<string, number>();

  constructor(
    private readonly deployments: () => Deployment[],
    private readonly session: WatchedProject,
    private readonly jobs: JobManager,
    private readonly onReport: (report: DriftReport) => void,
    private readonly warn: (message: string) => void,
    private readonly everyMs = HOUR_MS,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.checkAll(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkAll(now = Date.now()): Promise<DriftReport[]> {
    const project = this.session.currentOrNull();
    if (!project) return [];
    const predictionLog = this.session.predictionLog;
    const served = new Map<string, { model: string; version: number }>();
    for (const deployment of this.deployments())
      if (deployment.state === 'ready' && deployment.version !== null)
        served.set(`${deployment.model}:${deployment.version}`, {
          model: deployment.model,
          version: deployment.version,
        });
    const reports: DriftReport[] = [];
    for (const [key, { model, version }] of served) {
      const since = this.lastChecked.get(key) ?? now - this.everyMs;
      if (!predictionLog.use((db) => loggedInputsBetween(db, model, version, since, now))) continue;
      this.lastChecked.set(key, now);
      try {
        const report = await checkDrift(
          project,
          predictionLog,
          { model: key, windowMinutes: WINDOW_MINUTES },
          (comparison) => this.jobs.run(project, 'drift-check', comparison),
          now,
        );
        reports.push(report);
        this.onReport(report);
      } catch (error) {
        // A version without training data on record cannot drift: that is not worth a warning each hour.
        if (!(error instanceof TriadError && error.code === 'invalid_input'))
          this.warn(`the hourly drift check of ${key} failed: ${(error as Error).message}`);
      }
    }
    return reports;
  }
}
