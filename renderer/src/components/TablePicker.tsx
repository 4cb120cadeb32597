/** Choose one of the project's tables by name; "Choose…" (an empty value) until one is. */
export function TablePicker({
  label,
  value,
  tables,
  onChange,
}: {
  label: string;
  value: string;
  tables: readonly string[];
  onChange(table: string): void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)} aria-label={label}>
        <option value="">Choose…</option>
        {tables.map((table) => (
          <option key={table} value={table}>
            {table}
          </option>
        ))}
      </select>
    </label>
  );
}
