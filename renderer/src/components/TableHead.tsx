/** The header row of a data table: one column header per label (empty for an actions column). */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((label, index) => (
          <th key={label || `column-${index + 1}`} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
