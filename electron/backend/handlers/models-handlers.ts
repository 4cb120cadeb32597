import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import { parseModelReference } from '../models/model-reference.js';
import {
  annotateModelVersion,
  deleteModelVersion,
  listModels,
  modelVersions,
  resolveModelVersion,
  setModelAlias,
} from '../models/model-registry.js';
import { getRun, listRuns, readRunCard } from '../models/training-runs.js';
import { registerRunModel } from '../use-cases/register-run-model.js';

export function modelsHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'models.list': () => listModels(session.current.db),
    'models.versions': ({ name }) => modelVersions(session.current.db, name),
    'models.get': ({ reference }) => resolveModelVersion(session.current.db, parseModelReference(reference)),
    'models.setAlias': ({ name, alias, version }) => setModelAlias(session.current.db, name, alias, version),
    'models.annotate': ({ name, version, description, tags }) =>
      annotateModelVersion(session.current.db, name, version, {
        ...(description === undefined ? {} : { description }),
        ...(tags === undefined ? {} : { tags }),
      }),
    'models.deleteVersion': ({ name, version }) => {
      deleteModelVersion(session.current.db, session.current.path, name, version);
      return { deleted: true };
    },
    'models.import': ({ path, ...request }) => ({
      jobId: jobs.start(session.current, 'model-import', { file: path, ...request }).id,
    }),
    'models.train': (request) => ({
      jobId: jobs.start(session.current, 'train', { ...request, out: null }).id,
    }),
    'models.registerRun': ({ runId, name }) => registerRunModel(session.current.db, session.current.path, runId, name),
    'runs.list': () => listRuns(session.current.db),
    'runs.card': ({ runId }) => readRunCard(session.current.path, getRun(session.current.db, runId)),
  };
}
