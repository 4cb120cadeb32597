import { describe, expect, it } from 'vitest';
import { compositeKey, entityKeys, joinKeyOf, viewRowKey } from './join-keys.js';

describe('join keys', () => {
  it('converts a value to its key type as SQLite stores it in a column of that type', () => {
    for (const text of ['7', '007', '7.0', ' 7 ', '+7', '7e0']) expect(joinKeyOf('INTEGER', text), text).toBe(7);
    expect(joinKeyOf('INTEGER', '7.5')).toBe(7.5);
    expect(joinKeyOf('REAL', '0.5')).toBe(0.5);
    expect(joinKeyOf('INTEGER', 'x')).toBeUndefined();
    expect(joinKeyOf('INTEGER', '')).toBeUndefined();
    expect(joinKeyOf('TEXT', 7)).toBe('7');
    expect(joinKeyOf('TEXT', '007')).toBe('007');
    expect(joinKeyOf('NUMERIC', '007')).toBe(7);
    expect(joinKeyOf('NUMERIC', 'x')).toBe('x');
    expect(joinKeyOf('INTEGER', null)).toBeNull();
    expect(joinKeyOf('TEXT', Uint8Array.from([1]))).toBeUndefined();
    expect(joinKeyOf('INTEGER', 7n)).toBe(7);
  });

  it('builds composite keys from converted parts, the same from the view and from the entity table', () => {
    const view = viewRowKey(['INTEGER', 'TEXT'], [7, '007', 1_000]);
    expect(view).toBe(compositeKey([7, '007']));
    const { keys, invalidRows } = entityKeys(
      [
        ['7', '007', 'x', null],
        ['007', '007', '007', '007'],
      ],
      ['INTEGER', 'TEXT'],
    );
    expect(keys).toEqual([view, view, null, null]);
    expect(invalidRows).toBe(1);
  });

  it('counts single-column keys that are not of the key type, and keeps null keys out of that count', () => {
    expect(entityKeys([[7, '8', 'x', null, 'y']], ['INTEGER'])).toEqual({
      keys: [7, 8, null, null, null],
      invalidRows: 2,
    });
    expect(entityKeys([[7, '8', 'x']], ['TEXT'])).toEqual({ keys: ['7', '8', 'x'], invalidRows: 0 });
  });
});
