import type { ProjectSession } from '../app/project-session.js';
import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { PipelineRunner } from '../jobs/pipeline-runner.js';
import { retrainModel } from '../jobs/retrain-model.js';
import { saveDriftWatchSettings, savePredictionLogSettings } from '../model-server/deployment-store.js';
import { listDriftReports } from '../model-server/drift-report-store.js';
import { recentPredictions, servingMetrics } from '../model-server/prediction-log-queries.js';
import type { ModelServer } from '../services/model-server-service.js';
import { checkDrift } from '../use-cases/check-drift.js';

export function servingHandlers(
  session: ProjectSession,
  server: ModelServer,
  jobs: JobManager,
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
    'serving.setDriftWatch': (settings) => {
      saveDriftWatchSettings(session.current.db, settings);
      return settings;
    },
    'serving.metrics': (query) => session.predictionLog.use((db) => servingMetrics(db, query)),
    'serving.predictions': ({ model, limit }) => session.predictionLog.use((db) => recentPredictions(db, model, limit)),
    'serving.checkDrift': async (request) => {
      const project = session.current;
      const report = await checkDrift(project, session.predictionLog, request, (comparison) =>
        jobs.run(project, 'drift-check', comparison),
      );
      bus.emit('serving.driftChecked', report);
      return report;
    },
    'serving.driftReports': ({ model, limit }) => session.predictionLog.use((db) => listDriftReports(db, model, limit)),
    'serving.tryInfer': ({ reference, body, byEntity }) => server.tryInfer(reference, body, byEntity),
    'serving.retrain': ({ model }) => retrainModel(runner, bus, session.current, model),
  };
}
