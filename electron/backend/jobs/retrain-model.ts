import { TriadError } from '../../../shared/contract/errors.js';
import type { RetrainOutcome } from '../../../shared/contract/serving.js';
import type { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { parseModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { producingRun } from '../pipelines/model-producer.js';
import { findProjectPipeline } from '../pipelines/project-pipelines.js';
import type { PipelineRunner } from './pipeline-runner.js';
import { startPipelineRun } from './start-pipeline-run.js';

/**
 * Starts again the pipeline run that registered a model version, with that run's parameters; for
 * a version no pipeline made (trained or imported by hand) it says how to retrain it instead.
 */
export function retrainModel(runner: PipelineRunner, bus: EventBus, project: Project, model: string): RetrainOutcome {
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
}
