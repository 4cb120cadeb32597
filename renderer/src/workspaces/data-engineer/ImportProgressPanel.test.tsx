import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../../shared/contract/jobs.js';
import type { JobEnd } from '../../hooks/job-hooks.js';
import { ImportOutcomePanel } from './ImportProgressPanel.js';

function outcome(rowsQuarantined: number, shown: number, change: Partial<ImportResult> = {}): JobEnd<'import'> {
  const result: ImportResult = {
    importId: 'import',
    table: 'flights',
    mode: 'create',
    created: true,
    format: 'csv',
    columns: [],
    rowsImported: 100,
    rowsQuarantined,
    quarantine: Array.from({ length: shown }, (_, index) => ({
      rowNumber: index + 1,
      column: 'price',
      reason: 'column price: expected a number, found "n/a"',
      raw: null,
    })),
    checks: [],
    durationMs: 1200,
    ...change,
  };
  return { state: 'succeeded', error: null, result };
}

describe('import outcome', () => {
  it('says whether the table was created, appended to or replaced', () => {
    const { rerender } = render(<ImportOutcomePanel end={outcome(0, 0)} />);
    expect(screen.getByRole('status').textContent).toBe('Created table flights with 100 rows in 1.2 s.');
    rerender(<ImportOutcomePanel end={outcome(0, 0, { mode: 'append', created: false })} />);
    expect(screen.getByRole('status').textContent).toBe('Appended 100 rows to flights in 1.2 s.');
    rerender(<ImportOutcomePanel end={outcome(1, 1, { mode: 'replace', created: false })} />);
    expect(screen.getByRole('status').textContent).toMatch(
      /^Replaced flights with 100 rows in 1\.2 s; 1 row quarantined:/,
    );
  });

  it('says how many quarantined rows are not listed, and where they all are', () => {
    render(<ImportOutcomePanel end={outcome(31, 20)} />);
    expect(screen.getAllByRole('row')).toHaveLength(21);
    expect(screen.getByText(/and 11 more rows/).textContent).toContain('triad_quarantine');
  });

  it('says how an import that did not succeed ended', () => {
    const { rerender } = render(
      <ImportOutcomePanel end={{ state: 'failed', error: 'the file is empty', result: null }} />,
    );
    expect(screen.getByRole('alert').textContent).toBe('Import failed: the file is empty');
    rerender(<ImportOutcomePanel end={{ state: 'cancelled', error: 'cancelled by the user', result: null }} />);
    expect(screen.getByRole('alert').textContent).toBe('Import cancelled: the table is as it was before.');
  });

  it('says nothing more when every quarantined row is listed', () => {
    render(<ImportOutcomePanel end={outcome(3, 3)} />);
    expect(screen.queryByText(/more row/)).toBeNull();
  });
});
