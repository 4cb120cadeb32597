import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import type { LineageNode } from '../../../../shared/contract/schemas.js';
import { formatBytes } from '../../../../shared/format.js';
import { useClient } from '../../transport/client-context.js';

/** A file of the lineage: where it was read from and what each import of it made. */
export function FileImportsPanel({ file, onClose }: { file: LineageNode; onClose(): void }) {
  const client = useClient();
  const history = useQuery({ queryKey: ['imports.history', {}], queryFn: () => client.invoke('imports.history', {}) });
  const imports = history.data?.filter((record) => record.file === file.detail) ?? [];
  return (
    <aside className="lineage-file" aria-label={`Imports of ${file.label}`}>
      <header className="lineage-file__header">
        <h3>{file.label}</h3>
        <button type="button" className="button button--ghost" aria-label="Close" onClick={onClose}>
          <X size={16} aria-hidden />
        </button>
      </header>
      <p className="lineage-file__path">{file.detail}</p>
      {history.data && imports.length === 0 ? <p className="panel__text">No import of this file is recorded.</p> : null}
      <ul className="lineage-file__imports">
        {imports.map((record) => (
          <li key={record.id}>
            <span className="lineage-file__table">{record.table}</span>
            <span className={`badge badge--${record.status === 'succeeded' ? 'up' : 'failed'}`}>{record.status}</span>
            <span className="lineage-file__facts">
              {record.rowsImported.toLocaleString('en-US')} rows · {formatBytes(record.fileBytes)} {record.format},{' '}
              {record.mode}
              {record.rowsQuarantined > 0 ? ` · ${record.rowsQuarantined.toLocaleString('en-US')} quarantined` : ''}
            </span>
            <span className="lineage-file__facts">{new Date(record.startedAt).toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
