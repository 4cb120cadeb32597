import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProjectInfo, RecentProject } from '../../../shared/contract/schemas.js';
import { defaultProjectDir } from '../app-data.js';
import type { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import type { JobManager } from '../jobs/job-manager.js';
import { JobStore } from '../jobs/job-store.js';
import { watchOtherProcessJobs } from '../jobs/other-process-jobs.js';
import type { PipelineRunner } from '../jobs/pipeline-runner.js';
import { PipelineScheduler } from '../jobs/pipeline-scheduler.js';
import { startPipelineRun } from '../jobs/start-pipeline-run.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { openOrCreateDefaultProject } from '../sample/default-project.js';
import { createSampleProject } from '../sample/sample-project.js';
import type { ServiceSupervisor } from '../services/service-supervisor.js';
import type { SettingsStore } from '../settings/settings-store.js';

/**
 * Which project the backend has open. Switching opens the new project first, so a folder that
 * is refused leaves the current project and its services exactly as they were.
 */
export class ProjectSession {
  private project: Project | null = null;
  private projectPredictionLog: PredictionLogConnection | null = null;
  private stopWatchingJobs: () => void = () => {};
  private scheduler: PipelineScheduler | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly appDataDir: string,
    private readonly settings: SettingsStore,
    private readonly supervisor: ServiceSupervisor,
    private readonly jobs: JobManager,
    private readonly runner: PipelineRunner,
    private readonly bus: EventBus,
    private readonly warn: (message: string) => void,
  ) {}

  get current(): Project {
    if (!this.project) throw new Error('no project is open');
    return this.project;
  }

  /** The open project's prediction log, on the one connection kept while the project is open. */
  get predictionLog(): PredictionLogConnection {
    if (!this.projectPredictionLog) throw new Error('no project is open');
    return this.projectPredictionLog;
  }

  /** The open project, or null between projects. */
  currentOrNull(): Project | null {
    return this.project;
  }

  info(): ProjectInfo {
    return this.current.info(this.current.path === defaultProjectDir(this.appDataDir));
  }

  /** The explicit project if given; else the last one used; else the embedded default project. */
  async start(explicitPath?: string): Promise<void> {
    if (explicitPath) return this.switchTo(openProject(explicitPath));
    const last = this.settings.settings().lastProjectPath;
    if (last) {
      try {
        return await this.switchTo(openProject(last));
      } catch (error) {
        this.warn(`could not reopen the last project (${(error as Error).message}); opening the default project`);
      }
    }
    await this.switchTo(await openOrCreateDefaultProject(this.appDataDir));
  }

  open(path: string): Promise<ProjectInfo> {
    return this.serialized(async () => {
      await this.switchTo(openProject(path));
      return this.info();
    });
  }

  create(path: string, name?: string, sample = false): Promise<ProjectInfo> {
    return this.serialized(async () => {
      await this.switchTo(sample ? await createSampleProject(path, name) : createProject(path, name));
      return this.info();
    });
  }

  recent(): RecentProject[] {
    return this.settings.recent().map((entry) => ({
      ...entry,
      exists: existsSync(resolve(entry.path, DATABASE_FILE)),
    }));
  }

  async close(): Promise<void> {
    this.stopScheduling();
    this.stopWatchingJobs();
    await this.runner.cancelAll();
    await this.jobs.cancelAll();
    await this.supervisor.stopAll();
    this.closeProject();
    this.project = null;
  }

  private closeProject(): void {
    this.projectPredictionLog?.close();
    this.projectPredictionLog = null;
    this.project?.close();
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private stopScheduling(): void {
    this.scheduler?.stop();
    this.scheduler = null;
  }

  /** Runs the project's pipelines at their schedules and triggers, after recording the fire times missed while it was closed. */
  private startScheduling(project: Project): void {
    this.scheduler = new PipelineScheduler({
      project,
      startRun: (request) => startPipelineRun(this.runner, this.bus, project, request),
      onEvents: (events) => this.bus.emit('pipelineSchedules.changed', events),
      onError: this.warn,
    });
    this.scheduler.start();
  }

  private async switchTo(next: Project): Promise<void> {
    this.stopScheduling();
    this.stopWatchingJobs();
    await this.runner.cancelAll();
    await this.jobs.cancelAll();
    await this.supervisor.stopAll();
    this.closeProject();
    this.project = next;
    this.projectPredictionLog = new PredictionLogConnection(next.path);
    for (const interrupted of new JobStore(next.db).markInterrupted()) this.bus.emit('jobs.changed', interrupted);
    for (const interrupted of new PipelineRunStore(next.db).markInterrupted())
      this.bus.emit('pipelineRuns.changed', interrupted);
    this.stopWatchingJobs = watchOtherProcessJobs(next.db, (job) => this.bus.emit('jobs.changed', job));
    const info = this.info();
    this.settings.rememberProject(info.path, info.name);
    this.bus.emit('project.changed', info);
    await this.supervisor.startAll(next);
    this.startScheduling(next);
  }
}
