import type { ProjectSession } from '../app/project-session.js';
import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { PipelineRunner } from '../jobs/pipeline-runner.js';
import { startPipelineRun } from '../jobs/start-pipeline-run.js';
import { pipelineOutline } from '../pipelines/pipeline-outline.js';
import { findProjectPipeline, projectPipelines } from '../pipelines/project-pipelines.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { savePipelineFile } from '../pipelines/save-pipeline-file.js';
import { scheduleOverview } from '../pipelines/schedule-overview.js';

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
      return startPipelineRun(runner, bus, session.current, { file, text, params, reason: 'manual' });
    },
    'pipelines.schedules': ({ pipeline, limit }) =>
      scheduleOverview(session.current.db, session.current.path, new Date(), { pipeline, limit }),
    'pipelineRuns.list': ({ pipeline, limit }) => store().list(pipeline ?? null, limit),
    'pipelineRuns.get': ({ id }) => store().get(store().resolveId(id)),
    'pipelineRuns.cancel': ({ id }) => ({ cancelled: runner.cancel(store().resolveId(id)) }),
    'pipelineRuns.resume': ({ id }) => {
      const earlier = store().get(store().resolveId(id));
      return startPipelineRun(runner, bus, session.current, {
        file: earlier.file,
        text: earlier.definition,
        params: {},
        reason: 'resume',
        resumeFrom: earlier,
      });
    },
  };
}
