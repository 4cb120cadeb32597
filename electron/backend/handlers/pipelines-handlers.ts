import { randomUUID } from 'node:crypto';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ProjectSession } from '../app/project-session.js';
import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { Project } from '../db/project.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import type { PipelineRunner, PipelineRunRequest } from '../jobs/pipeline-runner.js';
import { pipelineOutline } from '../pipelines/pipeline-outline.js';
import { findProjectPipeline, projectPipelines } from '../pipelines/project-pipelines.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { savePipelineFile } from '../pipelines/save-pipeline-file.js';

/**
 * Starts a run in the background and answers with its id: the run is recorded before the first
 * step starts, and every change reaches clients as pipelineRuns.changed.
 */
function startRun(
  runner: PipelineRunner,
  bus: EventBus,
  project: Project,
  request: Omit<PipelineRunRequest, 'runId'>,
): { runId: string } {
  try {
    // Refused here, as the call's error, rather than as a run that never starts.
    runner.check(request);
  } catch (error) {
    if (error instanceof DefinitionsError) throw new TriadError('invalid_input', error.message);
    throw error;
  }
  const runId = randomUUID();
  runner.run(project, { ...request, runId }, { onStep: (_step, run) => bus.emit('pipelineRuns.changed', run) }).then(
    (run) => bus.emit('pipelineRuns.changed', run),
    // Its failure is in its record (and the event above); a project closed under it ends it too.
    () => {},
  );
  return { runId };
}

export function pipelinesHandlers(session: ProjectSession, runner: PipelineRunner, bus: EventBus): DomainHandlers {
  const store = () => new PipelineRunStore(session.current.db);
  return {
    'pipelines.list': () => projectPipelines(session.current.path),
    'pipelines.get': ({ pipeline }) => {
      const { file, text } = findProjectPipeline(session.current.path, pipeline);
      return { file, text, outline: pipelineOutline(text, file) };
    },
    'pipelines.check': ({ text }) => pipelineOutline(text, 'the pipeline'),
    'pipelines.save': ({ file, text, create }) => {
      const saved = savePipelineFile(session.current.path, file, text, create);
      const outline = pipelineOutline(text, saved);
      bus.emit('pipelines.changed', projectPipelines(session.current.path));
      return { file: saved, text, outline };
    },
    'pipelines.run': ({ pipeline, params }) => {
      const { file, text } = findProjectPipeline(session.current.path, pipeline);
      return startRun(runner, bus, session.current, { file, text, params, reason: 'manual' });
    },
    'pipelineRuns.list': ({ pipeline, limit }) => store().list(pipeline ?? null, limit),
    'pipelineRuns.get': ({ id }) => store().get(store().resolveId(id)),
    'pipelineRuns.cancel': ({ id }) => ({ cancelled: runner.cancel(store().resolveId(id)) }),
    'pipelineRuns.resume': ({ id }) => {
      const earlier = store().get(store().resolveId(id));
      return startRun(runner, bus, session.current, {
        file: earlier.file,
        text: earlier.definition,
        params: {},
        reason: 'resume',
        resumeFrom: earlier,
      });
    },
  };
}
