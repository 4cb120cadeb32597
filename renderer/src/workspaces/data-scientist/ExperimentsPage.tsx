import { ArrowDown, ArrowUp, FlaskConical } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { TrainingRun } from '../../../../shared/contract/schemas.js';
import { elapsed } from '../../../../shared/format.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useProject } from '../../hooks/queries.js';
import { formatMetric, metricLabel } from '../../models/metric-format.js';
import { ArtifactList } from '../../pipelines/ArtifactList.js';
import { CompareRuns } from '../../pipelines/CompareRuns.js';
import { type ExperimentRun, experimentRuns } from '../../pipelines/experiment-runs.js';
import {
  type CellValue,
  type ExperimentRow,
  experimentRows,
  filterRows,
  type SortOrder,
  sortRows,
} from '../../pipelines/experiment-table.js';
import { usePipelineRuns, useRunCard, useTrainings } from '../../pipelines/pipeline-queries.js';
import { stepStateText } from '../../pipelines/run-text.js';
import { useUiStore } from '../../state/ui-store.js';

const MAX_COMPARED = 4;
const FACT_LABELS: Record<string, string> = {
  run: 'Run',
  pipeline: 'Pipeline',
  state: 'State',
  started: 'Started',
  seconds: 'Took',
  reason: 'Why',
  model: 'Model',
};

function headerLabel(column: string): string {
  if (column.startsWith('params.')) return column.slice('params.'.length);
  if (column.startsWith('metrics.')) return metricLabel(column.slice('metrics.'.length));
  return FACT_LABELS[column] ?? column;
}

function cellText(column: string, value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (column === 'run') return String(value).slice(0, 8);
  if (column === 'started') return new Date(String(value)).toLocaleString();
  if (column === 'seconds') return `${Number(value).toFixed(1)} s`;
  if (column.startsWith('metrics.')) return formatMetric(Number(value));
  return String(value);
}

function SortableHeader({
  column,
  order,
  onSort,
}: {
  column: string;
  order: SortOrder;
  onSort(order: SortOrder): void;
}) {
  const active = order.column === column;
  return (
    <th scope="col" aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort({ column, descending: active ? !order.descending : column.startsWith('metrics.') })}
      >
        {headerLabel(column)}
        {active ? order.descending ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden /> : null}
      </button>
    </th>
  );
}

/** The files a run left: its steps' artifacts, or a training's model and card. */
function RunArtifacts({ run, trainingRun }: { run: ExperimentRun; trainingRun: TrainingRun | undefined }) {
  const projectPath = useProject().data?.path ?? '';
  const artifacts = (run.pipelineRun?.steps ?? []).flatMap((step) =>
    step.artifacts.map((artifact) => ({ ...artifact, name: `${step.step}: ${artifact.name}` })),
  );
  if (artifacts.length > 0) return <ArtifactList artifacts={artifacts} />;
  const files = trainingRun?.artifacts ?? [];
  if (files.length === 0) return <p className="panel__text">This run left no files.</p>;
  return (
    <ul className="artifact-list" aria-label="Artifacts">
      {files.map((file) => (
        <li key={file.artifact}>
          <strong>{file.name}</strong> <code title={`${projectPath}/${file.artifact}`}>{file.artifact}</code>
        </li>
      ))}
    </ul>
  );
}

function RunSummary({ run, trainingRun }: { run: ExperimentRun; trainingRun: TrainingRun | undefined }) {
  const openPage = useUiStore((state) => state.openPage);
  const card = useRunCard(run.trainingRunId);
  const title =
    run.source === 'pipeline' ? `Run ${run.id.slice(0, 8)} of ${run.pipeline}` : `Training ${run.id.slice(0, 8)}`;
  return (
    <Panel id="run-summary" title={title}>
      <p className="panel__text">
        {run.state}, started {new Date(run.startedAt).toLocaleString()} ({run.reason}), took{' '}
        {elapsed(run.startedAt, run.finishedAt)}.{run.pipelineRun?.error ? ` ${run.pipelineRun.error}` : ''}
        {trainingRun?.error ? ` ${trainingRun.error}` : ''}
        {card.data
          ? ` Its model: ${card.data.algorithm} on ${card.data.trainingRows ?? '?'} rows of ${card.data.trainingTable ?? 'its table'}.`
          : ''}
      </p>
      <div className="inline-fields">
        {run.pipelineRun ? (
          <button
            type="button"
            className="button"
            onClick={() => openPage('data-scientist', 'pipelines', run.pipelineRun?.file)}
          >
            Open the pipeline
          </button>
        ) : null}
        {run.registered.map((version) => (
          <button
            key={`${version.name}:${version.version}`}
            type="button"
            className="button"
            onClick={() => openPage('data-scientist', 'models', version.name)}
          >
            Model {version.name} version {version.version}
          </button>
        ))}
      </div>
      {run.pipelineRun ? (
        <table className="data-grid" aria-label="Steps of the run">
          <TableHead columns={['Step', 'Kind', 'State']} />
          <tbody>
            {run.pipelineRun.steps.map((step) => (
              <tr key={step.step}>
                <td>{step.step}</td>
                <td>{step.kind}</td>
                <td>{stepStateText(step)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3 className="compare-runs__title">Artifacts</h3>
      <RunArtifacts run={run} trainingRun={trainingRun} />
    </Panel>
  );
}

export function ExperimentsPage() {
  const pipelineRuns = usePipelineRuns();
  const trainings = useTrainings();
  const runs = useMemo(
    () => (pipelineRuns.data && trainings.data ? experimentRuns(pipelineRuns.data, trainings.data) : undefined),
    [pipelineRuns.data, trainings.data],
  );
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<SortOrder>({ column: 'started', descending: true });
  const [compared, setCompared] = useState<string[]>([]);
  const [opened, setOpened] = useState<string | null>(null);
  const table = useMemo(() => experimentRows(runs ?? []), [runs]);
  const shown = useMemo(() => sortRows(filterRows(table.rows, filter), order), [table.rows, filter, order]);
  const columns = [...table.columns.facts, ...table.columns.params, ...table.columns.metrics];
  const byId = new Map(table.rows.map((row) => [row.run.id, row.run]));
  const comparedRuns = compared.flatMap((id) => byId.get(id) ?? []);
  const openedRun = opened ? byId.get(opened) : undefined;
  const toggle = (row: ExperimentRow, on: boolean) =>
    setCompared((current) =>
      on
        ? [...current.filter((id) => id !== row.run.id), row.run.id].slice(-MAX_COMPARED)
        : current.filter((id) => id !== row.run.id),
    );

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Experiments</h1>
        <p className="page-header__lead">
          Every pipeline run and every training from the Train page, with its parameters and metrics. Sort by a column,
          filter with terms such as <code>seed=7</code> or <code>roc_auc&gt;=0.6</code>, and tick two to {MAX_COMPARED}{' '}
          runs to compare them.
        </p>
      </header>
      <ErrorMessage error={pipelineRuns.error ?? trainings.error} />
      {runs && runs.length === 0 ? (
        <EmptyState
          icon={FlaskConical}
          title="No runs yet"
          action={<GoToPageButton page="pipelines">Open Pipelines</GoToPageButton>}
        >
          Run a pipeline, or train a model on the Train page: each run appears here with its parameters and metrics.
        </EmptyState>
      ) : (
        <Panel id="runs" title={`Runs (${shown.length} of ${table.rows.length})`}>
          <div className="inline-fields">
            <label>
              <span>Filter</span>
              <input
                className="experiments__filter"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
                placeholder="seed=7 roc_auc>=0.6 failed"
              />
            </label>
            {compared.length > 0 ? (
              <button type="button" className="button" onClick={() => setCompared([])}>
                Clear the {compared.length} ticked
              </button>
            ) : null}
          </div>
          <div className="experiments__scroll">
            <table className="data-grid experiments__table" aria-label="Runs">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  {columns.map((column) => (
                    <SortableHeader key={column} column={column} order={order} onSort={setOrder} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.run.id} aria-selected={row.run.id === opened}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare run ${row.run.id.slice(0, 8)}`}
                        checked={compared.includes(row.run.id)}
                        onChange={(event) => toggle(row, event.target.checked)}
                      />
                    </td>
                    {columns.map((column) => (
                      <td
                        key={column}
                        className={typeof row.values[column] === 'number' ? 'data-grid__number' : undefined}
                      >
                        {column === 'run' ? (
                          <button type="button" className="link-button" onClick={() => setOpened(row.run.id)}>
                            {cellText(column, row.values[column] ?? null)}
                          </button>
                        ) : (
                          cellText(column, row.values[column] ?? null)
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
      {openedRun ? (
        <RunSummary run={openedRun} trainingRun={trainings.data?.find((run) => run.id === openedRun.trainingRunId)} />
      ) : null}
      {comparedRuns.length >= 2 ? (
        <Panel id="compare" title={`Comparing ${comparedRuns.length} runs`}>
          <CompareRuns runs={comparedRuns} />
        </Panel>
      ) : comparedRuns.length === 1 ? (
        <p className="panel__hint">Tick one more run to compare.</p>
      ) : null}
    </div>
  );
}
