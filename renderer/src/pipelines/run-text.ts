import type { PipelineRun, StepRun } from '../../../shared/contract/pipeline-runs.js';
import { elapsed } from '../../../shared/format.js';

/** A step's state as its node and its panel say it: how long it took, its try, or whose outputs it reused. */
export function stepStateText(step: StepRun): string {
  if (step.state === 'cached') return 'cached';
  if (step.state === 'running')
    return step.attempts > 1 ? `running · try ${step.attempts}` : `running · ${elapsed(step.startedAt, null)}`;
  if (step.state === 'succeeded' || step.state === 'failed')
    return `${step.state} · ${elapsed(step.startedAt, step.finishedAt)}`;
  return step.state;
}

/** The metrics a run measured, from its steps (an evaluate step's held-out metrics win over a train step's). */
export function runMetrics(run: PipelineRun): Record<string, number | null> {
  const ordered = [...run.steps].sort((a, b) => Number(a.kind === 'evaluate') - Number(b.kind === 'evaluate'));
  return Object.assign({}, ...ordered.map((step) => step.metrics));
}

/** The training run a run's train step made (its model output is `run:ID`), if any. */
export function trainingRunOf(run: PipelineRun): string | null {
  for (const step of run.steps) {
    const model = step.kind === 'train' ? step.outputs.model?.value : undefined;
    if (typeof model === 'string' && model.startsWith('run:')) return model.slice('run:'.length);
  }
  return null;
}

/** A registry reference `NAME:VERSION` read apart, or null for anything else. */
export function parseVersionReference(reference: string): { name: string; version: number } | null {
  const match = /^([A-Za-z_][\w-]*):(\d+)$/.exec(reference);
  return match ? { name: match[1] as string, version: Number(match[2]) } : null;
}

/** The model versions a run registered (a cached register step registered none). */
export function registeredVersions(run: PipelineRun): { name: string; version: number }[] {
  return run.registered.flatMap((reference) => parseVersionReference(reference) ?? []);
}
