import { useDataSources } from '../hooks/feature-queries.js';

/** Choose a table or a feature view. */
export function SourcePicker({
  value,
  onChange,
  label = 'Table or feature view',
}: {
  value: string;
  onChange(source: string): void;
  label?: string;
}) {
  const { tables, views } = useDataSources();
  return (
    <label className="source-picker">
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)} aria-label={label}>
        <option value="">Choose…</option>
        <optgroup label="Tables">
          {tables.map((table) => (
            <option key={table} value={table}>
              {table}
            </option>
          ))}
        </optgroup>
        {views.length > 0 ? (
          <optgroup label="Feature views">
            {views.map((view) => (
              <option key={view} value={view}>
                {view}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}
