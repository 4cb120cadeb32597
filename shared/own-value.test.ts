import { describe, expect, it } from 'vitest';
import { ownValue } from './own-value.js';

describe('ownValue', () => {
  it("reads a record's own values, and nothing for the names every object inherits", () => {
    const proto = '__proto__';
    const record: Record<string, string> = { city: 'Oslo' };
    expect(['city', 'toString', 'constructor', proto, 'missing'].map((key) => ownValue(record, key))).toEqual([
      'Oslo',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const named = Object.fromEntries([
      [proto, 'a'],
      ['toString', 'b'],
    ]) as Record<string, string>;
    expect([ownValue(named, proto), ownValue(named, 'toString')]).toEqual(['a', 'b']);
  });
});
