import type { ImportMode } from './contract/schemas.js';
import { formatCount } from './format.js';

/** What an import did to its table, in words: the same sentence in the CLI and the app. */
export function describeImport(result: {
  table: string;
  mode: ImportMode;
  created: boolean;
  rowsImported: number;
}): string {
  const rows = formatCount(result.rowsImported, 'row');
  if (result.created) return `Created table ${result.table} with ${rows}`;
  return result.mode === 'replace' ? `Replaced ${result.table} with ${rows}` : `Appended ${rows} to ${result.table}`;
}
