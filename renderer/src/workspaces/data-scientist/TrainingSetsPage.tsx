import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { JobProgressPanel } from '../../components/JobProgressPanel.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { TablePicker } from '../../components/TablePicker.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { useFeatureCatalog, useTables } from '../../hooks/feature-queries.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';

export function TrainingSetsPage() {
  const client = useClient();
  const tables = useTables().data ?? [];
  const services = useFeatureCatalog().data?.services ?? [];
  const history = useQuery({
    queryKey: ['features.trainingSets', {}],
    queryFn: () => client.invoke('features.trainingSets', {}),
  });
  const [entityTable, setEntityTable] = useState('');
  // The feature service is the page's item, so a link or the address can name it.
  const service = useSelectedItem() ?? '';
  const selectItem = useUiStore((state) => state.selectItem);
  const [timestampColumn, setTimestampColumn] = useState('');
  const [name, setName] = useState('');
  const entityColumns = tables.find((table) => table.name === entityTable)?.columns ?? [];
  const build = useJobRun<'training-set', void>('training-set', (started) =>
    started.invoke('features.buildTrainingSet', {
      entityTable,
      service,
      ...(timestampColumn ? { timestampColumn } : {}),
      ...(name.trim() ? { table: name.trim() } : {}),
    }),
  );

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Training sets</h1>
        <p className="page-header__lead">
          Join a feature service to an entity table (keys, an event timestamp and labels), point in time: each row gets
          the features as they were known at its timestamp, never later. The result is a table and a content-addressed
          Parquet snapshot.
        </p>
      </header>
      <Panel id="build" title="Build a training set">
        <div className="inline-fields">
          <TablePicker
            label="Entity table"
            value={entityTable}
            tables={tables.map((table) => table.name)}
            onChange={setEntityTable}
          />
          <label>
            Timestamp column
            <select
              value={timestampColumn}
              onChange={(event) => setTimestampColumn(event.target.value)}
              aria-label="Timestamp column"
            >
              <option value="">its only timestamp</option>
              {entityColumns
                .filter((column) => column.type === 'timestamp' || column.type === 'date')
                .map((column) => (
                  <option key={column.name} value={column.name}>
                    {column.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            Feature service
            <select
              value={service}
              onChange={(event) => selectItem(event.target.value || null)}
              aria-label="Feature service"
            >
              <option value="">Choose…</option>
              {services.map((entry) => (
                <option key={entry.name} value={entry.name}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Save as table
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder={service ? `training_${service}` : 'training_…'}
              aria-label="Save as table"
            />
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={!entityTable || !service || build.isPending}
            onClick={() => build.mutate()}
          >
            {build.isPending ? 'Building…' : 'Build'}
          </button>
        </div>
        {build.isPending ? (
          <JobProgressPanel label="Training set progress" progress={build.progress} onCancel={build.cancel} />
        ) : null}
        <ErrorMessage error={build.error} />
        {build.data ? (
          <>
            <p role="status">
              Built <strong>{build.data.table}</strong>: {build.data.rows.toLocaleString('en-US')} rows with features of{' '}
              {build.data.featureViews.join(', ')}. Snapshot <code>{build.data.contentHash.slice(0, 12)}</code> kept as{' '}
              {build.data.artifact}.
            </p>
            {build.data.warnings.map((warning) => (
              <p key={warning} className="form-warning">
                {warning}
              </p>
            ))}
            <VirtualGrid source={build.data.table} filter="" />
          </>
        ) : null}
      </Panel>
      <Panel id="training-set-history" title="Training sets">
        <table className="data-grid">
          <TableHead columns={['Built', 'Table', 'Service', 'Entity table', 'Rows', 'Snapshot']} />
          <tbody>
            {(history.data ?? []).map((record) => (
              <tr key={record.id}>
                <td>{new Date(record.createdAt).toLocaleString()}</td>
                <td>{record.table}</td>
                <td>{record.service}</td>
                <td>{record.entityTable}</td>
                <td>{record.rows.toLocaleString('en-US')}</td>
                <td>
                  <code>{record.contentHash.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
