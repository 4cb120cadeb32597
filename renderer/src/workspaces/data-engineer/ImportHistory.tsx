import { useQuery } from '@tanstack/react-query';
import { formatBytes } from '../../../../shared/format.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useClient } from '../../transport/client-context.js';

export function ImportHistory() {
  const client = useClient();
  const history = useQuery({ queryKey: ['imports.history', {}], queryFn: () => client.invoke('imports.history', {}) });
  if (!history.data || history.data.length === 0) return null;
  return (
    <Panel id="import-history" title="Recent imports">
      <div className="grid-scroll">
        <table className="data-grid">
          <TableHead columns={['When', 'Table', 'File', 'Status', 'Rows', 'Quarantined']} />
          <tbody>
            {history.data.slice(0, 10).map((record) => (
              <tr key={record.id} title={record.error ?? undefined}>
                <td>{new Date(record.startedAt).toLocaleString()}</td>
                <td>{record.table}</td>
                <td>
                  {record.file.split(/[/\\]/).pop()} ({formatBytes(record.fileBytes)}, {record.format}, {record.mode})
                </td>
                <td>
                  <span className={`badge badge--${record.status === 'succeeded' ? 'up' : 'failed'}`}>
                    {record.status}
                  </span>
                </td>
                <td>{record.rowsImported.toLocaleString('en-US')}</td>
                <td>{record.rowsQuarantined.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
