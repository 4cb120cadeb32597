import { mkdirSync } from 'node:fs';
import { createClient, type TriadClient } from '../../shared/client/triad-client.js';
import type { EventMessage } from '../../shared/contract/events.js';
import type { Reply } from '../../shared/contract/wire.js';
import { ProjectSession } from './app/project-session.js';
import { APP_VERSION } from './app-version.js';
import { EventBus, type EventSink } from './contract/event-bus.js';
import { HandlerRegistry } from './contract/handler-registry.js';
import { SUPPORTED_SCHEMA_VERSION } from './db/migrations.js';
import { appHandlers } from './handlers/app-handlers.js';
import { bundlesHandlers } from './handlers/bundles-handlers.js';
import { featuresHandlers } from './handlers/features-handlers.js';
import { importsHandlers } from './handlers/imports-handlers.js';
import { jobsHandlers } from './handlers/jobs-handlers.js';
import { keysHandlers } from './handlers/keys-handlers.js';
import { lineageHandlers } from './handlers/lineage-handlers.js';
import { modelsHandlers } from './handlers/models-handlers.js';
import { pipelinesHandlers } from './handlers/pipelines-handlers.js';
import { projectHandlers } from './handlers/project-handlers.js';
import { qualityHandlers } from './handlers/quality-handlers.js';
import { servicesHandlers } from './handlers/services-handlers.js';
import { servingHandlers } from './handlers/serving-handlers.js';
import { settingsHandlers } from './handlers/settings-handlers.js';
import { tablesHandlers } from './handlers/tables-handlers.js';
import { JobManager } from './jobs/job-manager.js';
import { PipelineRunner } from './jobs/pipeline-runner.js';
import { WorkerPool } from './jobs/worker-pool.js';
import { DriftWatch } from './services/drift-watch.js';
import { createFeatureStoreService } from './services/feature-store-service.js';
import {
  createModelServerService,
  DEFAULT_MODEL_SERVER,
  type ModelServerOptions,
} from './services/model-server-service.js';
import { createPipelineRunnerService } from './services/pipeline-runner-service.js';
import { ServiceSupervisor } from './services/service-supervisor.js';
import { SettingsStore } from './settings/settings-store.js';
import { type LaunchProcess, spawnProcess } from './threads/spawn-process.js';

export interface BackendLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface BackendOptions {
  appDataDir: string;
  runtime: 'electron' | 'node';
  /** Open this project, and fail if it cannot be opened; otherwise the last or the default project. */
  projectPath?: string;
  modelServer?: ModelServerOptions;
  /** Workers of the pool every job runs on (default: one per core). */
  poolThreads?: number;
  /** Starts each worker as a process of its own (default: a Node child process; Electron's shell passes its own). */
  launchProcess?: LaunchProcess;
  logger?: BackendLogger;
}

export interface Backend {
  invoke(method: unknown, input: unknown): Promise<Reply>;
  /** A typed client that calls this backend in process, through the same validation gate. */
  client: TriadClient;
  subscribe(sink: EventSink): () => void;
  close(): Promise<void>;
}

const silentLogger: BackendLogger = { info() {}, warn() {}, error() {} };

/** The backend host: the same composition under Electron's utility process and under plain Node. */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const logger = options.logger ?? silentLogger;
  mkdirSync(options.appDataDir, { recursive: true });
  const bus = new EventBus();
  const pool = new WorkerPool(options.poolThreads, options.launchProcess ?? spawnProcess);
  const jobs = new JobManager(pool, bus, 'app');
  const runner = new PipelineRunner(jobs);
  const settings = new SettingsStore(options.appDataDir, logger.warn);
  const modelServer = createModelServerService(
    options.modelServer ?? DEFAULT_MODEL_SERVER,
    logger.error,
    (deployments) => {
      pool.giveWayToServing(deployments.some((deployment) => deployment.state === 'ready'));
      bus.emit('serving.changed', deployments);
    },
  );
  const supervisor = new ServiceSupervisor(
    [createFeatureStoreService(), createPipelineRunnerService(pool), modelServer],
    (statuses) => bus.emit('services.changed', statuses),
  );
  const session = new ProjectSession(options.appDataDir, settings, supervisor, jobs, runner, bus, logger.warn);

  const registry = new HandlerRegistry(logger.error);
  registry.register(
    'app',
    appHandlers({
      appVersion: APP_VERSION,
      runtime: options.runtime,
      platform: process.platform,
      appDataDir: options.appDataDir,
      supportedSchemaVersion: SUPPORTED_SCHEMA_VERSION,
    }),
  );
  registry.register('project', projectHandlers(session));
  registry.register('services', servicesHandlers(supervisor, session));
  registry.register('settings', settingsHandlers(settings, bus));
  registry.register('tables', tablesHandlers(session, jobs));
  registry.register('features', featuresHandlers(session, jobs));
  registry.register('models', modelsHandlers(session, jobs));
  registry.register('quality', qualityHandlers(session, jobs));
  registry.register('lineage', lineageHandlers(session));
  registry.register('imports', importsHandlers(session, jobs));
  registry.register('jobs', jobsHandlers(session, jobs));
  registry.register('pipelines', pipelinesHandlers(session, runner, bus));
  registry.register('keys', keysHandlers(options.appDataDir, session, bus));
  registry.register('bundles', bundlesHandlers(session, jobs, options.appDataDir));
  registry.register('serving', servingHandlers(session, modelServer, jobs, runner, bus));
  registry.assertComplete();

  await session.start(options.projectPath);
  const driftWatch = new DriftWatch(
    () => modelServer.deployments(),
    session,
    jobs,
    (report) => bus.emit('serving.driftChecked', report),
    logger.warn,
  );
  driftWatch.start();
  for (const status of supervisor.statuses()) {
    if (status.state === 'failed') logger.warn(`${status.label} failed to start: ${status.error}`);
  }

  const invoke = (method: unknown, input: unknown) => registry.invoke(method, input);
  const subscribe = (sink: (event: EventMessage) => void) => bus.subscribe(sink);
  return {
    invoke,
    subscribe,
    client: createClient({ send: invoke, subscribe }),
    close: async () => {
      driftWatch.stop();
      await session.close();
      await pool.close();
    },
  };
}
