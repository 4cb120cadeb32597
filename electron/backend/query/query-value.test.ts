import { describe, expect, it } from 'vitest';
import { displayQueryValue } from './query-value.js';

const untyped = { name: 'v', type: null };

describe('query values as people read them', () => {
  it('keeps integers exact, BLOBs as hex, and other values as they are', () => {
    expect(displayQueryValue(9_007_199_254_740_993n, untyped)).toBe('9007199254740993');
    expect(displayQueryValue(12n, untyped)).toBe(12);
    expect(displayQueryValue(Buffer.from([0x0a, 0x0b]), untyped)).toBe("X'0A0B'");
    expect(displayQueryValue(Buffer.alloc(100), untyped, 2)).toBe("X'0000…' (100 B)");
    expect(displayQueryValue(1.5, untyped)).toBe(1.5);
    expect(displayQueryValue('text', untyped)).toBe('text');
    expect(displayQueryValue(null, untyped)).toBe(null);
  });

  it('shows the logical types of imported columns: timestamps, dates, booleans', () => {
    const at = BigInt(Date.UTC(2001, 0, 1, 0, 47));
    expect(displayQueryValue(at, { name: 't', type: 'timestamp' })).toBe('2001-01-01T00:47:00Z');
    expect(displayQueryValue(at, { name: 'd', type: 'date' })).toBe('2001-01-01');
    expect(displayQueryValue(1n, { name: 'b', type: 'boolean' })).toBe(true);
    expect(displayQueryValue(0n, { name: 'b', type: 'boolean' })).toBe(false);
  });
});
