import { describe, expect, it } from 'vitest';
import { describeImport } from './import-summary.js';

describe('describeImport', () => {
  it('says a new table was created, whatever the mode', () => {
    expect(describeImport({ table: 'orders', mode: 'create', created: true, rowsImported: 1 })).toBe(
      'Created table orders with 1 row',
    );
    expect(describeImport({ table: 'orders', mode: 'append', created: true, rowsImported: 2 })).toBe(
      'Created table orders with 2 rows',
    );
  });

  it('says rows were appended to, or replaced, an existing table', () => {
    expect(describeImport({ table: 'orders', mode: 'append', created: false, rowsImported: 1500 })).toBe(
      'Appended 1,500 rows to orders',
    );
    expect(describeImport({ table: 'orders', mode: 'replace', created: false, rowsImported: 3 })).toBe(
      'Replaced orders with 3 rows',
    );
  });
});
