import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type {
  Deployment,
  DeploymentSettings,
  PredictionLogSettings,
  ServingStatus,
} from '../../../shared/contract/serving.js';
import { DeploymentSettings as DeploymentSettingsSchema } from '../../../shared/contract/serving.js';
import { APP_VERSION } from '../app-version.js';
import { databaseChangeMark } from '../db/database-change-mark.js';
import type { Project } from '../db/project.js';
import { DATABASE_FILE } from '../db/project-folder.js';
import { assertAccessTokenForHost } from '../listeners/access-token.js';
import {
  canonicalReference,
  driftWatchSettings,
  listDeployments,
  predictionLogSettings,
  removeDeployment,
  type StoredDeployment,
  saveDeployment,
} from '../model-server/deployment-store.js';
import { PREDICTION_LOG_FILE } from '../model-server/prediction-log-store.js';
import {
  type HostToServer,
  type ServerThreadOptions,
  type ServerToHost,
  type VersionState,
  versionKey,
} from '../model-server/server-messages.js';
import { planServing, referencePath, type ServingPlan, type WantedDeployment } from '../model-server/serving-plan.js';
import { type TriedInference, tryInference } from '../model-server/try-inference.js';
import { everyModelReference, resolveModelVersion } from '../models/model-registry.js';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import { spawnThread, type Thread } from '../threads/spawn-thread.js';
import type { Service, ServiceContext } from './service.js';

export interface ModelServerOptions {
  host: string;
  port: number;
  /** The port is only a default: when another program holds it, listen on a free one the system picks. */
  anyPortIfBusy?: boolean;
  /** Required of every request (`Authorization: Bearer …`); needed when host is not loopback. */
  token?: string | null;
  /** Largest request body, in bytes. */
  maxBodyBytes?: number;
  /** The period of the request rollups (10 s; tests shorten it). */
  rollupMs?: number;
  /**
   * What to serve: the project's recorded deployments (the app), or references given for this
   * run only (`triad models serve`), where none means every registered version under every name.
   */
  serve?: { references: string[] } | 'project';
}

export const DEFAULT_MODEL_SERVER: ModelServerOptions = { host: '127.0.0.1', port: 8618, anyPortIfBusy: true };
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** How often the project is looked at for changes; the registry is read again only when it changed. */
const FOLLOW_REGISTRY_MS = 1000;

function defaultSettings(): DeploymentSettings {
  return DeploymentSettingsSchema.parse({});
}

function planKey(plan: ServingPlan): string {
  return JSON.stringify([
    plan.versions.map((served) => [versionKey(served.model, served.version), served.settings]),
    Object.entries(plan.routes).sort(),
  ]);
}

/**
 * The model server as the backend runs it: a thread of its own answers HTTP and runs the
 * models, so nothing the app does with SQLite slows an inference. This side decides what it
 * serves, follows the registry (an alias moved is a hot swap), and reports each deployment's state.
 */
export class ModelServer implements Service {
  readonly id = 'model-server' as const;
  private thread: Thread<HostToServer> | null = null;
  private project: Project | null = null;
  private baseUrl: string | null = null;
  private plan: ServingPlan = { versions: [], routes: {}, deployments: [] };
  /** The project's recorded deployments as of the last read (none when serving references given for the run). */
  private stored: StoredDeployment[] = [];
  private changeMark: (() => string) | null = null;
  /** The project's change mark when the plan was last read: an unchanged project needs no new plan. */
  private plannedAtMark: string | null = null;
  private planShape = '';
  private generation = 0;
  private states = new Map<string, VersionState>();
  private followTimer: NodeJS.Timeout | null = null;
  private context: ServiceContext | null = null;

  constructor(
    private readonly options: ModelServerOptions,
    private readonly logError: (message: string) => void,
    private readonly onDeploymentsChanged: (deployments: Deployment[]) => void = () => {},
  ) {
    assertAccessTokenForHost(options.host, options.token ?? null);
  }

  async start(context: ServiceContext) {
    this.context = context;
    this.project = context.project;
    this.changeMark = databaseChangeMark(context.project.db);
    const threadOptions: ServerThreadOptions = {
      host: this.options.host,
      port: this.options.port,
      anyPortIfBusy: this.options.anyPortIfBusy ?? false,
      token: this.options.token ?? null,
      appVersion: APP_VERSION,
      databaseFile: join(context.project.path, DATABASE_FILE),
      logFile: join(context.project.path, PREDICTION_LOG_FILE),
      logging: predictionLogSettings(context.project.db),
      maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      rollupMs: this.options.rollupMs ?? 10_000,
    };
    const listening = await new Promise<Extract<ServerToHost, { type: 'listening' }>>((resolve, reject) => {
      let started = false;
      this.thread = spawnThread<ServerToHost, HostToServer>(
        compiledModuleUrl('../model-server/server-thread.js', import.meta.url),
        { name: 'the model server', workerData: threadOptions },
        {
          message: (message) => {
            if (message.type === 'listening') {
              started = true;
              resolve(message);
            } else if (message.type === 'problem') {
              if (started) this.logError(message.message);
              else reject(new Error(message.message));
            } else if (message.type === 'versions') this.recordStates(message.states);
          },
          failed: (error) => {
            if (!started) reject(error);
            else context.reportFailure(`the model server stopped: ${error.message}`);
            this.thread = null;
          },
        },
      );
    });
    this.baseUrl = `http://${this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host}:${listening.port}`;
    this.refresh();
    this.followTimer = setInterval(() => this.refresh(), FOLLOW_REGISTRY_MS);
    this.followTimer.unref();
    const detail = `onnxruntime ${listening.runtimeVersion}, ${this.describeCount()}`;
    return { detail: listening.note ? `${detail} (${listening.note})` : detail, url: this.baseUrl };
  }

  async stop(): Promise<void> {
    if (this.followTimer) clearInterval(this.followTimer);
    this.followTimer = null;
    const thread = this.thread;
    this.thread = null;
    this.baseUrl = null;
    this.planShape = '';
    this.plannedAtMark = null;
    this.stored = [];
    this.states.clear();
    this.onDeploymentsChanged([]);
    if (!thread) return;
    thread.finish();
    thread.post({ type: 'stop' });
    const stopped = await Promise.race([
      thread.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    if (!stopped) await thread.terminate();
  }

  private describeCount(): string {
    const count = this.plan.deployments.length;
    return count === 0 ? 'no models deployed' : `${count} deployment${count === 1 ? '' : 's'}`;
  }

  private servesProject(): boolean {
    return (this.options.serve ?? 'project') === 'project';
  }

  private wanted(db: Database.Database, stored: StoredDeployment[]): WantedDeployment[] {
    const serve = this.options.serve ?? 'project';
    if (serve === 'project')
      return stored.map((entry) => ({
        reference: entry.reference,
        parsed: canonicalReference(entry.reference).parsed,
        settings: entry.settings,
      }));
    const references = serve.references.length > 0 ? serve.references : everyModelReference(db);
    return references.map((text) => {
      const { reference, parsed } = canonicalReference(text);
      return { reference, parsed, settings: defaultSettings() };
    });
  }

  /**
   * When the project changed since the last look, reads the deployments and the registry again;
   * when what should be served changed, the thread swaps to it.
   */
  private refresh(): void {
    const project = this.project;
    if (!project || !this.thread || !this.changeMark) return;
    const mark = this.changeMark();
    if (mark === this.plannedAtMark) return;
    let stored: StoredDeployment[];
    let plan: ServingPlan;
    try {
      stored = this.servesProject() ? listDeployments(project.db) : [];
      plan = planServing(project.db, project.path, this.wanted(project.db, stored));
    } catch (error) {
      this.logError(`the model server could not read the registry: ${(error as Error).message}`);
      return;
    }
    this.plannedAtMark = mark;
    const shape = planKey(plan);
    const deploymentsChanged =
      JSON.stringify([plan.deployments, stored]) !== JSON.stringify([this.plan.deployments, this.stored]);
    this.plan = plan;
    this.stored = stored;
    if (shape !== this.planShape) {
      this.planShape = shape;
      this.generation++;
      this.thread.post({ type: 'serve', versions: plan.versions, routes: plan.routes, generation: this.generation });
      this.context?.reportDetail(this.describeCount());
    }
    if (deploymentsChanged) this.onDeploymentsChanged(this.deployments());
  }

  private recordStates(states: VersionState[]): void {
    for (const state of states) this.states.set(state.key, state);
    this.onDeploymentsChanged(this.deployments());
  }

  /** Each deployment with its state, from what the last look at the project read: no query per call. */
  deployments(): Deployment[] {
    const settingsOf = new Map(this.stored.map((entry) => [entry.reference, entry]));
    return this.plan.deployments.map((planned) => {
      const state = planned.version === null ? undefined : this.states.get(versionKey(planned.model, planned.version));
      const recorded = settingsOf.get(planned.reference);
      const parsed = canonicalReference(planned.reference).parsed;
      return {
        reference: planned.reference,
        model: planned.model,
        version: planned.version,
        state: planned.error !== null ? 'failed' : (state?.state ?? 'loading'),
        error: planned.error ?? state?.error ?? null,
        settings: recorded?.settings ?? defaultSettings(),
        url: this.baseUrl ? `${this.baseUrl}/v2/models/${referencePath(parsed)}` : null,
        deployedAt: recorded?.deployedAt ?? new Date(0).toISOString(),
        loadedAt: state?.loadedAt ?? null,
      };
    });
  }

  status(): ServingStatus {
    return {
      url: this.baseUrl,
      tokenRequired: Boolean(this.options.token),
      deployments: this.deployments(),
      logging: predictionLogSettings(this.requireProject().db),
      driftWatch: driftWatchSettings(this.requireProject().db),
    };
  }

  private requireProject(): Project {
    if (!this.project) throw new TriadError('unavailable', 'the model server is not running: start it first');
    return this.project;
  }

  /** Records a deployment in the project and serves it; the reference must resolve now. */
  deploy(text: string, settings: DeploymentSettings | undefined): Deployment {
    const project = this.requireProject();
    const { reference, parsed } = canonicalReference(text);
    resolveModelVersion(project.db, parsed);
    const existing = listDeployments(project.db).find((entry) => entry.reference === reference);
    saveDeployment(project.db, reference, parsed.name, settings ?? existing?.settings ?? defaultSettings());
    this.refresh();
    return this.deployments().find((entry) => entry.reference === reference) as Deployment;
  }

  undeploy(text: string): void {
    const project = this.requireProject();
    removeDeployment(project.db, canonicalReference(text).reference);
    this.refresh();
  }

  /** One request to a deployment over loopback, as any client sends it: the app's try-it forms. */
  tryInfer(reference: string, body: unknown, byEntity: boolean): Promise<TriedInference> {
    const deployment = this.deployments().find((entry) => entry.reference === canonicalReference(reference).reference);
    if (!deployment?.url)
      throw new TriadError(
        'not_found',
        `${reference} is not deployed${this.baseUrl ? '' : ' (the model server is not running)'}`,
      );
    return tryInference(
      `${deployment.url}/${byEntity ? 'infer-by-entity' : 'infer'}`,
      body,
      this.options.token ?? null,
    );
  }

  setLogging(settings: PredictionLogSettings): void {
    this.thread?.post({ type: 'logging', settings });
  }
}

/** The model server the backend supervises. */
export function createModelServerService(
  options: ModelServerOptions,
  logError: (message: string) => void,
  onDeploymentsChanged?: (deployments: Deployment[]) => void,
): ModelServer {
  return new ModelServer(options, logError, onDeploymentsChanged);
}
