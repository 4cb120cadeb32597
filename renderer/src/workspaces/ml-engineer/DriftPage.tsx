import { Radar } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { useMethodMutation } from '../../hooks/queries.js';
import { DriftHistory } from './DriftHistory.js';
import { DriftReportView } from './DriftReportView.js';
import { DriftScheduleForm } from './DriftScheduleForm.js';
import { RetrainButton } from './RetrainButton.js';
import { useDriftReports, useServingStatus } from './serving-queries.js';
import { TimeRangeSelect } from './TimeRangeSelect.js';

/** Whether live inputs still look like the training data, feature by feature; alerts, and a retrain when they do not. */
export function DriftPage() {
  const status = useServingStatus();
  const deployments = status.data?.deployments ?? [];
  const [chosen, setChosen] = useState('');
  const deployment = deployments.find((entry) => entry.reference === chosen) ?? deployments[0];
  const [windowMinutes, setWindowMinutes] = useState(1440);
  const reports = useDriftReports(deployment?.model);
  const check = useMethodMutation('serving.checkDrift');
  const [shownId, setShownId] = useState<number | null>(null);
  const history = reports.data ?? [];
  const report =
    history.find((entry) => entry.id === shownId) ??
    (check.data?.id === shownId ? check.data : undefined) ??
    history[0];

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Drift</h1>
        <p className="page-header__lead">
          Compares the inputs a deployment received in a recent window with the data its version was trained on, feature
          by feature: a statistical test or distance per feature, and dataset drift when half of them drift.
        </p>
      </header>
      <ErrorMessage error={status.error} />
      {status.isPending ? <p className="muted">Loading the deployments…</p> : null}
      {status.isSuccess && deployments.length === 0 ? (
        <Panel id="drift-empty" title="Nothing to watch">
          <EmptyState
            icon={Radar}
            title="No model is deployed"
            action={<GoToPageButton page="deployments">Open Deployments</GoToPageButton>}
          >
            Drift compares what a deployed model is asked with its training data: deploy a model, let it serve requests,
            then check here.
          </EmptyState>
        </Panel>
      ) : null}
      {deployment ? (
        <>
          <form
            className="inline-fields"
            onSubmit={(event) => {
              event.preventDefault();
              check.mutate(
                { model: deployment.reference, windowMinutes },
                { onSuccess: (checked) => setShownId(checked.id) },
              );
            }}
          >
            <label>
              Deployment
              <select
                value={deployment.reference}
                onChange={(event) => {
                  setChosen(event.target.value);
                  setShownId(null);
                }}
                aria-label="Deployment"
              >
                {deployments.map((entry) => (
                  <option key={entry.reference} value={entry.reference}>
                    {entry.reference}
                  </option>
                ))}
              </select>
            </label>
            <TimeRangeSelect
              caption="Live window"
              label="Live window"
              minutes={windowMinutes}
              onChange={setWindowMinutes}
            />
            <button type="submit" className="button button--primary" disabled={check.isPending}>
              {check.isPending ? 'Checking…' : 'Check drift now'}
            </button>
          </form>
          <ErrorMessage error={check.error ?? reports.error} />
          <Panel id="drift-report" title={report ? 'Drift report' : 'No drift report yet'}>
            {report ? (
              <DriftReportView key={report.id} report={report} />
            ) : (
              <p className="panel__text">
                Check drift now compares the live inputs of {deployment.reference} in the chosen window with its
                training data.
              </p>
            )}
            <RetrainButton reference={deployment.reference} />
          </Panel>
          {history.length > 0 ? (
            <Panel id="drift-history" title={`Drift reports of ${deployment.model}`}>
              <DriftHistory reports={history} shown={report?.id} onShow={setShownId} />
            </Panel>
          ) : null}
          {status.data ? (
            <Panel id="drift-schedule" title="Scheduled checks">
              <p className="panel__text">
                Each deployed version that answered requests since its last check is checked again on this schedule; a
                report that finds drift raises an alert.
              </p>
              <DriftScheduleForm schedule={status.data.driftWatch} />
            </Panel>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
