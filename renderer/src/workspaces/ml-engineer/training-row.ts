import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ModelVersion, QueryResult } from '../../../../shared/contract/schemas.js';
import { useClient } from '../../transport/client-context.js';

/** Rows read at once to find one with a value in every column the model takes. */
const ROWS_SEARCHED = 50;

/**
 * The first row of a query result with a value in every input it has a column for, as the try-it
 * form's field texts; the first row when none is complete, null when no column is an input.
 */
export function rowAsFields(
  result: QueryResult,
  inputs: readonly string[],
): { index: number; fields: Record<string, string> } | null {
  const columns = result.columns.flatMap((column, index) => (inputs.includes(column.name) ? [{ column, index }] : []));
  const complete = result.rows.findIndex((values) => columns.every(({ index }) => values[index] !== null));
  const at = Math.max(complete, 0);
  const row = result.rows[at];
  if (!row || columns.length === 0) return null;
  return {
    index: at,
    fields: Object.fromEntries(columns.map(({ column, index }) => [column.name, String(row[index] ?? '')])),
  };
}

/**
 * A row of the table a version was trained on, as field texts (of its inputs, or of the columns
 * named): the first complete row, then one from a random place
 * each time `another` is called. Null while loading, and when the version names no table or the
 * table is gone (a trained model's table may have been dropped since).
 */
export function useTrainingRow(version: ModelVersion, columns?: readonly string[]) {
  const client = useClient();
  const table = version.card.trainingTable;
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: ['tables.rows', 'training-row', table, offset],
    queryFn: () =>
      client.invoke('tables.rows', { source: table ?? '', offset, limit: ROWS_SEARCHED, countTotal: false }),
    enabled: table !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const { inputs } = version.signature;
  const wanted = columns ?? inputs.map((tensor) => tensor.name);
  const wantedKey = wanted.join('\u0000');
  // One object per row fetched, so that a form can fill its fields when (and only when) it changes.
  const found = useMemo(
    () => (query.data ? rowAsFields(query.data, wantedKey.split('\u0000')) : null),
    [query.data, wantedKey],
  );
  const rows = version.card.trainingRows ?? 0;
  return {
    table,
    /** The row's position in the table, from 0. */
    position: offset + (found?.index ?? 0),
    row: found?.fields ?? null,
    /** Picks another row at random (of the rows the card says were trained on). */
    another:
      rows > 1 ? () => setOffset((current) => (current + 1 + Math.floor(Math.random() * (rows - 1))) % rows) : null,
  };
}
