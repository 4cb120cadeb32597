import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { TriadError } from '../../../shared/contract/errors.js';
import type { PipelineStep } from '../../../shared/contract/pipeline-definition.js';
import type { PipelineRun, StepOutputs, StepResult, StepRun } from '../../../shared/contract/pipeline-runs.js';
import { durationSeconds } from '../db/duration.js';
import { type ParsedPipeline, parsePipelineOnce } from '../pipelines/parse-pipeline.js';
import { type ParameterValues, pipelineParameters, substituteReferences } from '../pipelines/pipeline-values.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { outputsStillThere, stepCacheKey } from '../pipelines/step-cache-key.js';
import type { StepRequest } from '../use-cases/run-pipeline-step.js';
import type { JobManager, JobProject } from './job-manager.js';
import { JobStore } from './job-store.js';

export interface PipelineRunRequest {
  /** The file name shown in the run's record, and the YAML it holds. */
  file: string;
  text: string;
  params: Record<string, string | number | boolean>;
  /** Why it runs: a person started it, it goes on with an earlier run, or the sample project was made. */
  reason: 'manual' | 'resume' | 'schedule' | 'trigger' | 'sample';
  /** A failed, cancelled or interrupted run to go on from: its steps that succeeded are reused. */
  resumeFrom?: PipelineRun | null;
  /** The new run's id, when the caller must know it before the run ends (a new one by default). */
  runId?: string;
}

export interface PipelineRunHooks {
  /** After a step changed state (started, cached, retried, ended). */
  onStep?(step: StepRun, run: PipelineRun): void;
}

type Outcome = 'ok' | 'failed' | 'cancelled';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Waits `ms`, or less if `cancelled` resolves first. */
function pause(ms: number, cancelled: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((done) => (timer = setTimeout(done, ms))), cancelled]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * What a run goes by: a resumed run goes on with the definition and parameters it had. Throws,
 * before anything is recorded, for a definition with problems (DefinitionsError), unknown or
 * mistyped parameters, or a run that cannot be resumed.
 */
function prepare(request: Omit<PipelineRunRequest, 'runId'>) {
  const earlier = request.resumeFrom ?? null;
  if (earlier && !['failed', 'cancelled', 'interrupted'].includes(earlier.state))
    throw new TriadError(
      'invalid_input',
      `run ${earlier.id} ${earlier.state === 'running' ? 'is still running' : 'succeeded'}: only a failed, cancelled or interrupted run can be resumed`,
    );
  const text = earlier ? earlier.definition : request.text;
  const parsed = parsePipelineOnce(text, earlier ? earlier.file : request.file);
  const params = earlier ? earlier.params : pipelineParameters(parsed.pipeline, request.params);
  return { earlier, text, parsed, params };
}

/**
 * Runs a pipeline: every step as a job on the worker pool, as soon as the steps it takes outputs
 * from have succeeded, at most one per core at once; a step whose settings and inputs are those of
 * an earlier successful one reuses its outputs; a failed step is tried again after a doubling
 * wait, as often as it says; a step over its timeout is cancelled; the run and each step are
 * recorded in the project as they go.
 */
export class PipelineRunner {
  private readonly cancels = new Map<string, () => void>();
  private readonly active = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: JobManager,
    private readonly parallel = availableParallelism(),
  ) {}

  /** Refuses what run() would refuse before it records anything (see prepare), without running. */
  check(request: Omit<PipelineRunRequest, 'runId'>): void {
    prepare(request);
  }

  /** Cancels every run of this process and waits for them to end (a project closing, the app quitting). */
  async cancelAll(): Promise<void> {
    for (const cancel of this.cancels.values()) cancel();
    await Promise.allSettled(this.active.values());
  }

  /** Stops a run of this process: its running steps are cancelled, the others never start. */
  cancel(runId: string): boolean {
    const cancel = this.cancels.get(runId);
    cancel?.();
    return cancel !== undefined;
  }

  run(project: JobProject, request: PipelineRunRequest, hooks: PipelineRunHooks = {}): Promise<PipelineRun> {
    const runId = request.runId ?? randomUUID();
    const running = this.runRecorded(project, request, runId, hooks);
    this.active.set(runId, running);
    return running.finally(() => this.active.delete(runId));
  }

  private async runRecorded(
    project: JobProject,
    request: PipelineRunRequest,
    runId: string,
    hooks: PipelineRunHooks,
  ): Promise<PipelineRun> {
    const { earlier, text, parsed, params } = prepare(request);
    const store = new PipelineRunStore(project.db);
    const steps = new Map(parsed.pipeline.steps.map((step) => [step.name, step]));
    store.create({
      id: runId,
      pipeline: parsed.pipeline.name,
      file: earlier ? earlier.file : request.file,
      definition: text,
      definitionHash: sha256(text),
      params,
      reason: earlier ? 'resume' : request.reason,
      resumedFrom: earlier?.id ?? null,
      steps: parsed.order.map((name) => ({ step: name, kind: (steps.get(name) as PipelineStep).kind })),
    });
    let cancelRequested = false;
    let signalCancel!: () => void;
    const cancelled = new Promise<void>((resolve) => (signalCancel = resolve));
    const runningJobs = new Set<string>();
    const cancelRun = () => {
      cancelRequested = true;
      signalCancel();
      for (const jobId of runningJobs) this.jobs.cancel(project.db, jobId);
    };
    this.cancels.set(runId, cancelRun);
    const notify = (step: string) => {
      if (!hooks.onStep) return;
      const run = store.get(runId);
      const record = run.steps.find((entry) => entry.step === step);
      if (record) hooks.onStep?.(record, run);
    };
    const execution: StepExecution = {
      project,
      store,
      runId,
      params,
      parsed,
      runningJobs,
      cancelled,
      cancelRun,
      notify,
    };
    try {
      const outcomes = await this.schedule(execution, earlier, () => cancelRequested);
      const failed = [...outcomes.entries()].find(([, outcome]) => outcome === 'failed');
      const run = store.get(runId);
      if (cancelRequested) return store.ended(runId, 'cancelled', 'cancelled by the user');
      if (failed) {
        const error = run.steps.find((step) => step.step === failed[0])?.error ?? 'a step failed';
        return store.ended(runId, 'failed', `step ${failed[0]} failed: ${error}`);
      }
      return store.ended(runId, 'succeeded', null);
    } catch (error) {
      store.ended(runId, 'failed', (error as Error).message);
      throw error;
    } finally {
      this.cancels.delete(runId);
    }
  }

  /** Starts each step once the steps it waits for succeeded, `parallel` at a time; the outcome of every step. */
  private async schedule(
    execution: StepExecution,
    earlier: PipelineRun | null,
    isCancelled: () => boolean,
  ): Promise<Map<string, Outcome>> {
    const { parsed, store, runId } = execution;
    const outcomes = new Map<string, Outcome>();
    const outputs = new Map<string, StepOutputs>();
    const running = new Map<string, Promise<void>>();
    const pending = [...parsed.order];
    for (;;) {
      for (const name of [...pending]) {
        const waits = parsed.dependencies.get(name) ?? [];
        if (isCancelled() || waits.some((wait) => outcomes.has(wait) && outcomes.get(wait) !== 'ok')) {
          // Not run: the run was cancelled, or a step it waits for did not succeed.
          pending.splice(pending.indexOf(name), 1);
          outcomes.set(name, 'cancelled');
          store.stepEnded(
            runId,
            name,
            null,
            isCancelled()
              ? { state: 'cancelled', error: 'the run was cancelled' }
              : { state: 'skipped', error: 'a step it waits for did not succeed' },
          );
          execution.notify(name);
          continue;
        }
        if (running.size >= this.parallel || !waits.every((wait) => outcomes.get(wait) === 'ok')) continue;
        pending.splice(pending.indexOf(name), 1);
        const reused = earlier?.steps.find(
          (step) => step.step === name && ['succeeded', 'cached'].includes(step.state),
        );
        const work = reused
          ? this.reuse(execution, name, reused, earlier?.id as string)
          : this.runStep(execution, parsed.pipeline.steps.find((step) => step.name === name) as PipelineStep, outputs);
        running.set(
          name,
          work.then((result) => {
            running.delete(name);
            outcomes.set(name, result.outcome);
            if (result.outcome === 'ok') outputs.set(name, result.outputs);
            // A step's job cancelled from elsewhere (the app, `triad jobs cancel`) cancels the run.
            if (result.outcome === 'cancelled') execution.cancelRun();
          }),
        );
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    return outcomes;
  }

  /** A step of the run being resumed that succeeded there: its outputs stand. */
  private async reuse(
    execution: StepExecution,
    name: string,
    earlier: StepRun,
    earlierRun: string,
  ): Promise<StepResultOf> {
    execution.store.stepEnded(execution.runId, name, earlier.cacheKey, {
      state: 'cached',
      outputs: earlier.outputs,
      metrics: earlier.metrics,
      artifacts: earlier.artifacts,
      snapshot: earlier.snapshot,
      cachedFrom: earlier.cachedFrom ?? earlierRun,
    });
    execution.notify(name);
    return { outcome: 'ok', outputs: earlier.outputs };
  }

  private async runStep(
    execution: StepExecution,
    step: PipelineStep,
    outputs: ReadonlyMap<string, StepOutputs>,
  ): Promise<StepResultOf> {
    const { project, store, runId, params, parsed } = execution;
    let settings: Record<string, unknown>;
    let cacheKey: string;
    try {
      settings = substituteReferences(step.with as Record<string, unknown>, params, outputs);
      cacheKey = await stepCacheKey(project.db, project.path, parsed.pipeline.name, step.name, step.kind, settings);
    } catch (error) {
      store.stepEnded(runId, step.name, null, { state: 'failed', error: (error as Error).message });
      execution.notify(step.name);
      return { outcome: 'failed', outputs: {} };
    }
    if (step.cache) {
      const hit = store.cached(cacheKey);
      if (hit && outputsStillThere(project.db, hit.outputs, hit.finishedAt)) {
        store.stepEnded(runId, step.name, cacheKey, {
          state: 'cached',
          outputs: hit.outputs,
          metrics: hit.metrics,
          artifacts: hit.artifacts,
          snapshot: hit.snapshot,
          cachedFrom: hit.runId,
        });
        execution.notify(step.name);
        return { outcome: 'ok', outputs: hit.outputs };
      }
    }
    const request: StepRequest = {
      runId,
      pipeline: parsed.pipeline.name,
      step: step.name,
      kind: step.kind,
      settings,
      params,
    };
    const timeoutMs = durationSeconds(step.timeout) * 1000;
    for (let attempt = 0; ; attempt++) {
      const tried = await this.tryOnce(execution, step.name, request, cacheKey, timeoutMs);
      if (tried.outcome !== 'failed' || attempt >= step.retries) {
        store.stepEnded(runId, step.name, cacheKey, {
          ...tried.result,
          state: tried.outcome === 'ok' ? 'succeeded' : tried.outcome === 'cancelled' ? 'cancelled' : 'failed',
          error: tried.error,
        });
        execution.notify(step.name);
        return { outcome: tried.outcome, outputs: tried.result?.outputs ?? {} };
      }
      const waitMs = durationSeconds(step.retry_backoff) * 1000 * 2 ** attempt;
      new JobStore(project.db).log(
        tried.jobId,
        'warning',
        `try ${attempt + 1} of ${step.retries + 1} failed; trying again in ${(waitMs / 1000).toFixed(1)} s`,
      );
      await pause(waitMs, execution.cancelled);
    }
  }

  /** One try of a step as a job; a try over `timeoutMs` (0: none) is cancelled and fails. */
  private async tryOnce(
    execution: StepExecution,
    step: string,
    request: StepRequest,
    cacheKey: string,
    timeoutMs: number,
  ): Promise<{ outcome: Outcome; result: StepResult | null; error: string | null; jobId: string }> {
    const { project, store, runId, runningJobs } = execution;
    const job = this.jobs.start(project, 'pipeline-step', request);
    runningJobs.add(job.id);
    store.stepStarted(runId, step, cacheKey, job.id);
    execution.notify(step);
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            this.jobs.cancel(project.db, job.id);
          }, timeoutMs)
        : null;
    try {
      const ended = await this.jobs.ended(job.id);
      if (ended.state === 'succeeded') {
        const result = new JobStore(project.db).get(job.id).result as StepResult;
        return { outcome: 'ok', result, error: null, jobId: job.id };
      }
      if (timedOut)
        return { outcome: 'failed', result: null, error: `timed out after ${timeoutMs / 1000} s`, jobId: job.id };
      return {
        outcome: ended.state === 'cancelled' ? 'cancelled' : 'failed',
        result: null,
        error: ended.error,
        jobId: job.id,
      };
    } finally {
      if (timer) clearTimeout(timer);
      runningJobs.delete(job.id);
    }
  }
}

interface StepExecution {
  project: JobProject;
  store: PipelineRunStore;
  runId: string;
  params: ParameterValues;
  parsed: ParsedPipeline;
  runningJobs: Set<string>;
  cancelled: Promise<void>;
  cancelRun(): void;
  notify(step: string): void;
}

interface StepResultOf {
  outcome: Outcome;
  outputs: StepOutputs;
}
