import type { ColumnSpec } from '../../../../shared/contract/schemas.js';
import { TableHead } from '../../components/TableHead.js';

const TYPES: ColumnSpec['type'][] = ['integer', 'real', 'text', 'boolean', 'timestamp', 'date', 'json', 'binary'];

/** One row per file column: its name in the table, its type and format, or skip it. */
export function SchemaEditor({ columns, onChange }: { columns: ColumnSpec[]; onChange(columns: ColumnSpec[]): void }) {
  const update = (index: number, change: Partial<ColumnSpec>) =>
    onChange(columns.map((column, position) => (position === index ? { ...column, ...change } : column)));

  return (
    <table className="schema-editor">
      <TableHead columns={['Import', 'File column', 'Name in the table', 'Type', 'Timestamp format']} />
      <tbody>
        {columns.map((column, index) => (
          <tr key={column.source} className={column.skip ? 'schema-editor__skipped' : undefined}>
            <td>
              <input
                type="checkbox"
                checked={!column.skip}
                aria-label={`Import ${column.source}`}
                onChange={(event) => update(index, { skip: !event.target.checked })}
              />
            </td>
            <td className="schema-editor__source">{column.source}</td>
            <td>
              <input
                value={column.name}
                aria-label={`Name for ${column.source}`}
                disabled={column.skip}
                onChange={(event) => update(index, { name: event.target.value })}
              />
            </td>
            <td>
              <select
                value={column.type}
                aria-label={`Type of ${column.source}`}
                disabled={column.skip}
                onChange={(event) => update(index, { type: event.target.value as ColumnSpec['type'] })}
              >
                {TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            </td>
            <td>
              {column.type === 'timestamp' || column.type === 'date' ? (
                <input
                  value={column.format ?? ''}
                  placeholder="ISO-8601"
                  aria-label={`Format of ${column.source}`}
                  disabled={column.skip}
                  onChange={(event) =>
                    update(index, { format: event.target.value.trim() === '' ? null : event.target.value })
                  }
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
