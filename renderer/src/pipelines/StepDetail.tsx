import { Copy } from 'lucide-react';
import type {
  PipelineOutline,
  StepOutput,
  StepRun,
  TrainingSetSnapshot,
} from '../../../shared/contract/pipeline-runs.js';
import { groupDigits } from '../../../shared/format.js';
import { JobLog } from '../jobs/JobsPanel.js';
import { formatMetric, metricLabel } from '../models/metric-format.js';
import { useUiStore } from '../state/ui-store.js';
import { ArtifactList } from './ArtifactList.js';
import { parseVersionReference, stepStateText } from './run-text.js';

/** Opens what an output names: a table on the Tables page, a model version on the Models page. */
function OutputValue({ output }: { output: StepOutput }) {
  const openPage = useUiStore((state) => state.openPage);
  if (typeof output.value !== 'string') return <span>metrics</span>;
  const value = output.value;
  const version = output.type === 'model' ? parseVersionReference(value) : null;
  if (version)
    return (
      <button type="button" className="link-button" onClick={() => openPage('data-scientist', 'models', version.name)}>
        model {version.name} version {version.version}
      </button>
    );
  if (output.type === 'table')
    return (
      <button type="button" className="link-button" onClick={() => openPage('data-engineer', 'tables', value)}>
        table {value}
      </button>
    );
  return (
    <code>
      {output.type} {value}
    </code>
  );
}

function Snapshot({ snapshot }: { snapshot: TrainingSetSnapshot }) {
  return (
    <dl className="facts-list">
      <dt>Training set</dt>
      <dd>
        {groupDigits(snapshot.rows)} rows of {snapshot.entityTable}
        {snapshot.service ? ` joined with ${snapshot.service}` : ''}
      </dd>
      <dt>Content</dt>
      <dd>
        <code title={snapshot.contentHash}>{snapshot.contentHash.slice(0, 16)}…</code>
      </dd>
      {snapshot.featureViews.map((view) => (
        <div key={view.name} className="facts-list__row">
          <dt>{view.name}</dt>
          <dd>
            definition <code title={view.definitionHash}>{view.definitionHash.slice(0, 12)}</code>, changed{' '}
            {new Date(view.updatedAt).toLocaleString()}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One step of the pipeline and, when the run shown reached it, what that run did there. */
export function StepDetail({
  step,
  run,
  onClose,
}: {
  step: PipelineOutline['steps'][number];
  run: StepRun | undefined;
  onClose(): void;
}) {
  const outputs = Object.entries(run?.outputs ?? {});
  const metrics = Object.entries(run?.metrics ?? {});
  return (
    <section className="step-detail" aria-label={`Step ${step.name}`}>
      <header className="step-detail__header">
        <h3>
          {step.name} <span className="badge">{step.kind}</span>
        </h3>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close the step">
          Close
        </button>
      </header>
      {step.description ? <p className="panel__text">{step.description}</p> : null}
      {step.waitsFor.length > 0 ? <p className="panel__text">Runs after {step.waitsFor.join(', ')}.</p> : null}
      {!run ? (
        <p className="panel__text">The run shown did not reach this step (or the step is new): run the pipeline.</p>
      ) : (
        <>
          <dl className="facts-list">
            <dt>State</dt>
            <dd className={`step-state step-state--${run.state}`}>{stepStateText(run)}</dd>
            <dt>Tries</dt>
            <dd>{run.attempts}</dd>
            {run.startedAt ? (
              <>
                <dt>Started</dt>
                <dd>{new Date(run.startedAt).toLocaleString()}</dd>
              </>
            ) : null}
            {run.cachedFrom ? (
              <>
                <dt>Reused</dt>
                <dd>the outputs of run {run.cachedFrom.slice(0, 8)}</dd>
              </>
            ) : null}
            {run.cacheKey ? (
              <>
                <dt>Cache key</dt>
                <dd className="step-detail__key">
                  <code title={run.cacheKey}>{run.cacheKey.slice(0, 16)}…</code>
                  <button
                    type="button"
                    className="button button--ghost"
                    aria-label="Copy the cache key"
                    onClick={() => void navigator.clipboard?.writeText(run.cacheKey ?? '')}
                  >
                    <Copy size={13} aria-hidden />
                  </button>
                </dd>
              </>
            ) : null}
          </dl>
          {run.error ? (
            <p className="form-error" role="alert">
              {run.error}
            </p>
          ) : null}
          {outputs.length > 0 ? (
            <>
              <h4>Outputs</h4>
              <dl className="facts-list">
                {outputs.map(([name, output]) => (
                  <div key={name} className="facts-list__row">
                    <dt>{name}</dt>
                    <dd>
                      <OutputValue output={output} />
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          {metrics.length > 0 ? (
            <>
              <h4>Metrics</h4>
              <dl className="facts-list">
                {metrics.map(([name, value]) => (
                  <div key={name} className="facts-list__row">
                    <dt>{metricLabel(name)}</dt>
                    <dd>{formatMetric(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          {run.snapshot ? (
            <>
              <h4>Snapshot</h4>
              <Snapshot snapshot={run.snapshot} />
            </>
          ) : null}
          {run.artifacts.length > 0 ? (
            <>
              <h4>Artifacts</h4>
              <ArtifactList artifacts={run.artifacts} />
            </>
          ) : null}
          {run.jobId ? (
            <>
              <h4>Log</h4>
              <JobLog id={run.jobId} live={run.state === 'running'} />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
