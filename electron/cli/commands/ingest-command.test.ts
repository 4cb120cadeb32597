import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../backend/ingest/ingest.js';
import { describeIngestResult } from './ingest-command.js';

function result(rowsQuarantined: number, shown: number): IngestResult {
  return {
    importId: 'import',
    table: 'orders',
    mode: 'create',
    created: true,
    format: 'csv',
    columns: [{ source: 'amount', name: 'amount', type: 'integer', format: null, skip: false }],
    rowsImported: 10,
    rowsQuarantined,
    quarantine: Array.from({ length: shown }, (_, index) => ({
      rowNumber: index + 1,
      column: 'amount',
      reason: 'column amount: expected a number, found "n/a"',
      raw: null,
    })),
    checks: [
      {
        check: 'id_unique',
        target: 'orders',
        column: 'id',
        kind: 'unique',
        status: 'failed',
        failingRows: 1,
        totalRows: 10,
        detail: '1 repeated value, e.g. 2 ×2',
        blocking: false,
      },
    ],
    durationMs: 1200,
  };
}

describe('the ingest summary', () => {
  it('says how many quarantined rows it does not list, and where they all are', () => {
    const lines = describeIngestResult(result(23, 20)).split('\n');
    expect(lines[0]).toBe('Created table orders with 10 rows in 1.2 s; 23 rows quarantined.');
    expect(lines.filter((line) => line.startsWith('  quarantined row '))).toHaveLength(20);
    expect(lines).toContain(
      '  …and 3 more rows: every quarantined row, with its values, is in the triad_quarantine table (triad sql "SELECT * FROM triad_quarantine")',
    );
    expect(describeIngestResult(result(21, 20))).toContain('  …and 1 more row: ');
  });

  it('adds nothing when every quarantined row is listed', () => {
    expect(describeIngestResult(result(3, 3))).not.toContain('more row');
    expect(describeIngestResult(result(0, 0))).not.toContain('more row');
  });
});
