import type { PipelineRun, StepRun, TrainingSetSnapshot } from '../../shared/contract/pipeline-runs.js';
import { elapsed, formatBytes } from '../../shared/format.js';
import { shortId, textTable } from './text-table.js';

/** Enough of a SHA-256 to tell contents apart on screen (--json has all of it). */
const shortHash = (hash: string) => hash.slice(0, 12);

/** A step's line in the table: why it failed, or the run it reused, its outputs and metrics. */
export function stepDetail(step: StepRun): string {
  if (step.error) return step.error;
  const metrics = Object.entries(step.metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
  const outputs = Object.entries(step.outputs).flatMap(([name, output]) =>
    typeof output.value === 'string' ? [`${name} ${output.value}`] : [],
  );
  const cached = step.state === 'cached' && step.cachedFrom ? [`reused from run ${shortId(step.cachedFrom)}`] : [];
  return [...cached, ...outputs, ...metrics].join(', ');
}

function describeSnapshot(step: string, snapshot: TrainingSetSnapshot): string[] {
  const views = snapshot.featureViews.map((view) => `${view.name} (definition ${shortHash(view.definitionHash)})`);
  return [
    `  training set of step ${step}: ${snapshot.table}, ${snapshot.rows.toLocaleString('en-US')} rows, snapshot ${shortHash(snapshot.contentHash)}`,
    `    from ${snapshot.service ? `feature service ${snapshot.service}` : 'features'} over ${snapshot.entityTable}; views ${views.join(', ') || '—'}`,
  ];
}

/** A run as `triad run` and `triad runs show` print it: its steps, then what it registered, built and kept. */
export function describeRun(run: PipelineRun): string {
  const params = Object.entries(run.params).map(([name, value]) => `${name}=${String(value)}`);
  const artifacts = run.steps.flatMap((step) =>
    step.artifacts.map((artifact) => [
      step.step,
      artifact.name,
      shortHash(artifact.sha256),
      formatBytes(artifact.bytes),
      artifact.path,
    ]),
  );
  return [
    `Run ${run.id} of pipeline ${run.pipeline} (${run.file}): ${run.state}${run.error ? `: ${run.error}` : ''}`,
    `  started ${run.startedAt}${run.finishedAt ? `, took ${elapsed(run.startedAt, run.finishedAt)}` : ''}; ${run.reason}${run.resumedFrom ? ` of run ${shortId(run.resumedFrom)}` : ''}`,
    `  definition ${shortHash(run.definitionHash)}${params.length > 0 ? `; parameters ${params.join(' ')}` : ''}`,
    textTable(
      ['STEP', 'KIND', 'STATE', 'TRIES', 'TIME', 'DETAIL'],
      run.steps.map((step) => [
        step.step,
        step.kind,
        step.state,
        String(step.attempts),
        elapsed(step.startedAt, step.finishedAt),
        stepDetail(step),
      ]),
    ),
    ...(run.registered.length > 0 ? [`Registered ${run.registered.join(', ')}`] : []),
    ...run.steps.flatMap((step) => (step.snapshot ? describeSnapshot(step.step, step.snapshot) : [])),
    ...(artifacts.length > 0 ? ['Artifacts', textTable(['STEP', 'NAME', 'SHA-256', 'SIZE', 'PATH'], artifacts)] : []),
  ].join('\n');
}
