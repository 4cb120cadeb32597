import { TriadError } from '../../../shared/contract/errors.js';
import type { Deployment, DriftReport } from '../../../shared/contract/serving.js';
import type { Project } from '../db/project.js';
import type { JobManager } from '../jobs/job-manager.js';
import { driftWatchSettings } from '../model-server/deployment-store.js';
import { lastDriftCheckMs } from '../model-server/drift-report-store.js';
import type { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { loggedInputsBetween } from '../model-server/prediction-log-queries.js';
import { checkDrift } from '../use-cases/check-drift.js';

const MINUTE_MS = 60_000;

/** The open project and its prediction log (the project session). */
export interface WatchedProject {
  currentOrNull(): Project | null;
  readonly predictionLog: PredictionLogConnection;
}

/**
 * Checks the drift of every deployed version on the project's schedule (`serving.setDriftWatch`:
 * by default every hour, over the last day), when it answered predictions since its last check,
 * and hands each report on: the alerts come without anyone asking. It looks once a minute, so a
 * changed schedule applies within a minute.
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
  ) {}

  start(): void {
    this.stop();
    let checking = false;
    this.timer = setInterval(() => {
      // A check that outlasts a minute is not started again beside itself.
      if (checking) return;
      checking = true;
      void this.checkAll().finally(() => {
        checking = false;
      });
    }, MINUTE_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkAll(now = Date.now()): Promise<DriftReport[]> {
    const project = this.session.currentOrNull();
    if (!project) return [];
    const schedule = driftWatchSettings(project.db);
    if (!schedule.enabled) return [];
    const everyMs = schedule.everyMinutes * MINUTE_MS;
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
      // Counted from the version's newest report (a check someone asked for counts too, and a
      // restart does not check again early), or from a check of this watch not reported yet.
      const started = [this.lastChecked.get(key), predictionLog.use((db) => lastDriftCheckMs(db, model, version))];
      const since = Math.max(...started.filter((at): at is number => at != null), now - everyMs);
      if (now - since < everyMs) continue;
      if (!predictionLog.use((db) => loggedInputsBetween(db, model, version, since, now))) continue;
      this.lastChecked.set(key, now);
      try {
        const report = await checkDrift(
          project,
          predictionLog,
          { model: key, windowMinutes: schedule.windowMinutes },
          (comparison) => this.jobs.run(project, 'drift-check', comparison),
          now,
        );
        reports.push(report);
        this.onReport(report);
      } catch (error) {
        // A version without training data on record cannot drift: that is not worth a warning each time.
        if (!(error instanceof TriadError && error.code === 'invalid_input'))
          this.warn(`the scheduled drift check of ${key} failed: ${(error as Error).message}`);
      }
    }
    return reports;
  }
}
