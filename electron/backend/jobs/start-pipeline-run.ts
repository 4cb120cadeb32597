import { randomUUID } from 'node:crypto';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import type { PipelineRunner, PipelineRunRequest } from './pipeline-runner.js';

/**
 * Starts a run in the background and answers with its id: the run is recorded before the first
 * step starts, and every change reaches clients as pipelineRuns.changed. What the runner would
 * refuse (a definition with problems, a bad parameter) is thrown here, before anything runs.
 */
export function startPipelineRun(
  runner: PipelineRunner,
  bus: EventBus,
  project: Project,
  request: Omit<PipelineRunRequest, 'runId'>,
): { runId: string } {
  try {
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
