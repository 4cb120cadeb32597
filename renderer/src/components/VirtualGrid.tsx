// biome-ignore-all lint/a11y/useSemanticElements: a virtualized grid positions its rows absolutely, which table elements cannot do; it follows the ARIA grid pattern instead
// biome-ignore-all lint/a11y/useFocusableInteractive: rows and cells are reached through the focusable scrolling grid, as in the ARIA grid pattern
import { useQueries, useQuery } from '@tanstack/react-query';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { type UIEvent, useState } from 'react';
import { useClient } from '../transport/client-context.js';
import { ErrorMessage } from './ErrorMessage.js';
import { formatCell } from './format-cell.js';

const ROW_HEIGHT = 28;
const PAGE_ROWS = 200;
const VIEW_ROWS = 24;
const OVERSCAN = 10;

/** Timestamps get a wider column; numbers line up on their right edge. */
function cellClasses(type: string | null | undefined): string {
  if (type === 'timestamp') return ' virtual-grid--wide';
  if (type === 'integer' || type === 'real') return ' virtual-grid--number';
  return '';
}

interface VirtualGridProps {
  source: string;
  filter: string;
  onColumnSelected?(column: string): void;
}

/**
 * A grid over any number of rows: only the rows in view are drawn, and they are fetched from
 * the backend a page at a time, so a million-row table scrolls like a small one.
 */
export function VirtualGrid(props: VirtualGridProps) {
  // The sort and the scroll position belong to one source: another source starts a fresh grid,
  // never one sorted by a column it may not have.
  return <SourceGrid key={props.source} {...props} />;
}

function SourceGrid({ source, filter, onColumnSelected }: VirtualGridProps) {
  const client = useClient();
  const [scrollTop, setScrollTop] = useState(0);
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = first + VIEW_ROWS + OVERSCAN * 2;
  const pages = [...new Set([Math.floor(first / PAGE_ROWS), Math.floor(last / PAGE_ROWS)])];
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: ['tables.rows', source, filter, sort, page],
      queryFn: () =>
        client.invoke('tables.rows', {
          source,
          offset: page * PAGE_ROWS,
          limit: PAGE_ROWS,
          ...(filter ? { filter } : {}),
          ...(sort ? { orderBy: sort.column, descending: sort.descending } : {}),
          countTotal: false,
        }),
      staleTime: 30_000,
      placeholderData: (previous: unknown) => previous,
    })),
  });
  const count = useQuery({
    queryKey: ['tables.rows.count', source, filter],
    queryFn: () => client.invoke('tables.rows', { source, limit: 1, ...(filter ? { filter } : {}), countTotal: true }),
    staleTime: 30_000,
  });
  const loaded = results.find((result) => result.data)?.data;
  const columns = loaded?.columns ?? [];
  const total = count.data?.total ?? 0;
  const rowAt = (index: number) => {
    const page = results[pages.indexOf(Math.floor(index / PAGE_ROWS))]?.data;
    return page?.rows[index % PAGE_ROWS];
  };
  const visible = Array.from({ length: Math.max(0, Math.min(total, last) - first) }, (_, offset) => first + offset);
  const error = count.error ?? results.find((result) => result.error)?.error;

  if (error) return <ErrorMessage error={error} />;
  return (
    <div className="virtual-grid">
      <div className="virtual-grid__meta">{count.data ? `${total.toLocaleString('en-US')} rows` : 'Loading…'}</div>
      <div
        className="virtual-grid__scroll"
        style={{ height: VIEW_ROWS * ROW_HEIGHT + ROW_HEIGHT }}
        onScroll={(event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop)}
        role="grid"
        aria-rowcount={total}
        aria-label={`Rows of ${source}`}
        tabIndex={0}
      >
        <div className="virtual-grid__header" role="row">
          <span className="virtual-grid__number" role="columnheader">
            #
          </span>
          {columns.map((column) => (
            <button
              key={column.name}
              type="button"
              role="columnheader"
              className={`virtual-grid__column${cellClasses(column.type)}`}
              aria-sort={sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              title={`${column.name}${column.type ? ` (${column.type})` : ''}: click to sort`}
              onClick={() => {
                setSort((current) =>
                  current?.column === column.name
                    ? current.descending
                      ? null
                      : { column: column.name, descending: true }
                    : { column: column.name, descending: false },
                );
                onColumnSelected?.(column.name);
              }}
            >
              <span className="virtual-grid__column-name">{column.name}</span>
              {sort?.column === column.name ? (
                sort.descending ? (
                  <ArrowDown size={12} aria-hidden />
                ) : (
                  <ArrowUp size={12} aria-hidden />
                )
              ) : null}
            </button>
          ))}
        </div>
        <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>
          {visible.map((index) => {
            const row = rowAt(index);
            return (
              <div
                key={index}
                className="virtual-grid__row"
                role="row"
                aria-rowindex={index + 1}
                style={{ top: index * ROW_HEIGHT }}
              >
                <span className="virtual-grid__number">{index + 1}</span>
                {columns.map((column, position) => {
                  const value = row?.[position] ?? null;
                  return (
                    <span
                      key={column.name}
                      role="gridcell"
                      className={`virtual-grid__cell${cellClasses(column.type)}${value === null && row ? ' virtual-grid__cell--null' : ''}`}
                    >
                      {row ? formatCell(value, column.type) : ''}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
