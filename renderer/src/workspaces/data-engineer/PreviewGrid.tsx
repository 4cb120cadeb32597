import type { FilePreview } from '../../../../shared/contract/schemas.js';

/** The first rows exactly as the file holds them. */
export function PreviewGrid({ preview }: { preview: FilePreview }) {
  return (
    <section className="grid-scroll" aria-label="First rows of the file">
      <table className="data-grid">
        <thead>
          <tr>
            <th scope="col" className="data-grid__number">
              #
            </th>
            {preview.columns.map((column) => (
              <th key={column.source} scope="col">
                {column.source}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, rowIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their position
            <tr key={rowIndex}>
              <td className="data-grid__number">{rowIndex + 1}</td>
              {row.map((value, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are identified by their column position
                <td key={index} className={value === null ? 'data-grid__null' : undefined}>
                  {value ?? 'null'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
