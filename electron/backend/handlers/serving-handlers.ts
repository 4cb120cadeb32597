import { TriadError } from '../../../shared/contract/errors.js';
import type { ProjectSession } from '../app/project-session.js';
import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { PipelineRunner } from '../jobs/pipeline-runner.js';
import { startPipelineRun } from '../jobs/start-pipeline-run.js';
import { savePredictionLogSettings } from '../model-server/deployment-store.js';
import { listDriftReports } from '../model-server/drift-report-store.js';
import { recentPredictions, servingMetrics } from '../model-server/prediction-log-queries.js';
import { parseModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { producingRun } from '../pipelines/model-producer.js';
import { findProjectPipeline } from '../pipelines/project-pipelines.js';
import type { ModelServer } from '../services/model-server-service.js';
import { checkDrift } from '../use-cases/check-drift.js';

export function servingHandlers(
  session: ProjectSession,
  server: ModelServer,
  runner: PipelineRunner,
  bus: EventBus,
): DomainHandlers {
  return {
    'serving.status': () => server.status(),
    'serving.deploy': ({ reference, settings }) => server.deploy(reference, settings),
    'serving.undeploy': ({ reference }) => {
      server.undeploy(reference);
      return { undeployed: true };
    },
    'serving.setLogging': (settings) => {
      savePredictionLogSettings(session.current.db, settings);
      server.setLogging(settings);
      return settings;
    },
    'serving.metrics': (query) => session.predictionLog.use((db) => servingMetrics(db, query)),
    'serving.predictions': ({ model, limit }) => session.predictionLog.use((db) => recentPredictions(db, model, limit)),
    'serving.checkDrift': async (request) => {
      const report = await checkDrift(session.current, session.predictionLog, request);
      bus.emit('serving.driftChecked', report);
      return report;
    },
    'serving.driftReports': ({ model, limit }) => session.predictionLog.use((db) => listDriftReports(db, model, limit)),
    'serving.tryInfer': ({ reference, body, byEntity }) => server.tryInfer(reference, body, byEntity),
    'serving.retrain': ({ model }) => {
      const project = session.current;
      const version = resolveModelVersion(project.db, parseModelReference(model));
      const producer = producingRun(project.db, version.name, version.version);
      const label = `${version.name} version ${version.version}`;
      if (!producer)
        return {
          pipeline: null,
          runId: null,
          message: `${label} was not made by a pipeline (it was trained or imported by hand): train it again on the Train page or with triad train`,
        };
      let pipelineFile: { file: string; text: string };
      try {
        pipelineFile = findProjectPipeline(project.path, producer.pipeline);
      } catch (error) {
        throw new TriadError(
          'not_found',
          `${label} was made by pipeline ${producer.pipeline}, which the project no longer has: ${(error as Error).message}`,
        );
      }
      const { runId } = startPipelineRun(runner, bus, project, {
        ...pipelineFile,
        params: producer.params,
        reason: 'manual',
      });
      return {
        pipeline: producer.pipeline,
        runId,
        message: `started pipeline ${producer.pipeline} again with the parameters of run ${producer.runId}, which made ${label}`,
      };
    },
  };
}
