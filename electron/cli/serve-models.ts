import type { Deployment, PredictionLogSettings } from '../../shared/contract/serving.js';
import { formatCount, groupDigits } from '../../shared/format.js';
import { checkAccessToken, generateAccessToken, isLoopbackHost } from '../backend/listeners/access-token.js';
import { changePredictionLogSettings } from '../backend/model-server/deployment-store.js';
import { ModelServer } from '../backend/services/model-server-service.js';
import { exitWithError, type OutputOptions, printResult } from './output.js';
import { describeProject, describeProjectChoice, openProjectOption, type ProjectOptions } from './project-option.js';

export interface ModelsServeOptions extends OutputOptions, ProjectOptions {
  port: number;
  host: string;
  model: string[];
  token?: string;
  logSampleRate?: number;
  logRetentionDays?: number;
  logMaxRows?: number;
}

/** The prediction log's settings the options change (none: the project's stay as they are). */
function loggingChanges(options: ModelsServeOptions): Partial<PredictionLogSettings> {
  return {
    ...(options.logSampleRate === undefined ? {} : { sampleRatePerSecond: options.logSampleRate }),
    ...(options.logRetentionDays === undefined ? {} : { retentionDays: options.logRetentionDays }),
    ...(options.logMaxRows === undefined ? {} : { maxRows: options.logMaxRows }),
  };
}

function describeLogging(logging: PredictionLogSettings): string {
  return `  prediction log: every prediction up to ${groupDigits(logging.sampleRatePerSecond)} per second and model, kept ${formatCount(logging.retentionDays, 'day')}, at most ${formatCount(logging.maxRows, 'prediction')}`;
}

const LOAD_TIMEOUT_MS = 120_000;

async function loaded(server: ModelServer): Promise<Deployment[]> {
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  for (;;) {
    const deployments = server.deployments();
    if (deployments.every((deployment) => deployment.state !== 'loading') || Date.now() > deadline) return deployments;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function describeDeployments(deployments: Deployment[]): string {
  if (deployments.length === 0) return '  no models are registered yet: nothing to serve (train or import one first)';
  return deployments
    .map((deployment) =>
      deployment.state === 'failed'
        ? `  ${deployment.reference.padEnd(24)} failed: ${deployment.error}`
        : `  ${deployment.reference.padEnd(24)} version ${deployment.version}  ${deployment.url}`,
    )
    .join('\n');
}

/** `triad models serve`: the model server alone, headless, on the models named (or every registered one). */
export async function serveModels(options: ModelsServeOptions): Promise<void> {
  const project = await openProjectOption(options.project);
  const token =
    options.token !== undefined
      ? checkAccessToken(options.token)
      : isLoopbackHost(options.host)
        ? null
        : generateAccessToken();
  const server = new ModelServer(
    { host: options.host, port: options.port, anyPortIfBusy: false, token, serve: { references: options.model } },
    (message) => console.error(`warning: ${message}`),
  );
  const stop = async (code: number) => {
    await server.stop();
    project.close();
    process.exit(code);
  };
  try {
    process.stderr.write(
      `${describeProjectChoice(describeProject(project), options.project ? 'option' : 'default')}\n`,
    );
    // Kept in the project before the server starts, so it logs by them from its first request.
    const logging = changePredictionLogSettings(project.db, loggingChanges(options));
    const { url } = await server.start({
      project,
      reportFailure: (reason) => {
        console.error(`error: ${reason}`);
        void stop(1);
      },
      reportDetail: () => {},
    });
    const deployments = await loaded(server);
    printResult(
      options,
      { url, deployments, logging, ...(token && options.token === undefined ? { token } : {}) },
      () =>
        `Serving models of ${project.path} at ${url} (Open Inference Protocol v2, /invocations, /metrics)\n` +
        `${token && options.token === undefined ? `  access token: ${token} (send "Authorization: Bearer <token>")\n` : ''}` +
        `${describeDeployments(deployments)}\n${describeLogging(logging)}\nPress Ctrl+C to stop.`,
    );
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
  } catch (error) {
    await server.stop();
    project.close();
    exitWithError(options, error);
  }
}
