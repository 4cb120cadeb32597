import { useQuery } from '@tanstack/react-query';
import { formatCount, formatStoredTime } from '../../../../shared/format.js';
import { UNREADABLE_EVENT_TIME } from '../../../../shared/skipped-rows.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useFeatureCatalog } from '../../hooks/feature-queries.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { useClient } from '../../transport/client-context.js';
import { MaterializeProgressPanel } from './MaterializeProgressPanel.js';
import { OnlineLookupPanel } from './OnlineLookupPanel.js';

const when = (ms: number | null) => (ms === null ? 'never' : formatStoredTime(ms, 'timestamp'));

export function MaterializationPage() {
  const client = useClient();
  const catalog = useFeatureCatalog();
  const history = useQuery({
    queryKey: ['features.materializations', {}],
    queryFn: () => client.invoke('features.materializations', {}),
  });
  const run = useJobRun('materialize', (started, views?: string[]) =>
    started.invoke('features.materialize', views ? { views } : {}),
  );
  const online = (catalog.data?.featureViews ?? []).filter((view) => view.online);

  return (
    <div className="page">
      <header className="page-header">
        <h1>Materialization</h1>
        <p className="page-header__lead">
          Copies the latest value per entity of each online feature view into the online store, from the latest event
          time earlier runs read. A failing blocking quality check stops its view.
        </p>
      </header>
      <Panel id="online-views" title="Online feature views">
        <table className="data-grid">
          <TableHead columns={['Feature view', 'Latest event read', '']} />
          <tbody>
            {online.map((view) => (
              <tr key={view.name}>
                <td>{view.name}</td>
                <td>{when(view.materializedUntil)}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={run.isPending}
                    onClick={() => run.mutate([view.name])}
                  >
                    Materialize
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="button button--primary"
          disabled={run.isPending || online.length === 0}
          onClick={() => run.mutate(undefined)}
        >
          {run.isPending ? 'Materializing…' : 'Materialize all'}
        </button>
        {run.isPending ? <MaterializeProgressPanel progress={run.progress} onCancel={run.cancel} /> : null}
        <ErrorMessage error={run.error} />
        {run.data && !run.isPending ? (
          <p role="status">
            {run.data
              .map(
                (result) =>
                  `${result.view}: ${formatCount(result.rowsWritten, 'entity', 'entities')} updated up to ${when(result.endMs)}${result.rowsSkipped > 0 ? `, ${formatCount(result.rowsSkipped, 'row')} skipped: ${UNREADABLE_EVENT_TIME}` : ''}`,
              )
              .join(' · ')}
          </p>
        ) : null}
      </Panel>
      <OnlineLookupPanel catalog={catalog.data} />
      <Panel id="materialization-history" title="History">
        <table className="data-grid">
          <TableHead columns={['Finished', 'Feature view', 'From', 'To', 'Entities updated', 'Rows skipped']} />
          <tbody>
            {(history.data ?? []).map((record) => (
              <tr key={`${record.view}-${record.finishedAt}`}>
                <td>{new Date(record.finishedAt).toLocaleString()}</td>
                <td>{record.view}</td>
                <td>{record.startMs === null ? 'the beginning' : when(record.startMs)}</td>
                <td>{when(record.endMs)}</td>
                <td>{record.rowsWritten.toLocaleString('en-US')}</td>
                <td title={record.rowsSkipped > 0 ? UNREADABLE_EVENT_TIME : undefined}>
                  {record.rowsSkipped.toLocaleString('en-US')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
