import { describe, expect, it } from 'vitest';
import { parsePortNumber } from './port-number.js';

describe('parsePortNumber', () => {
  it('takes whole numbers from 0 to 65535', () => {
    expect(parsePortNumber('0')).toBe(0);
    expect(parsePortNumber('8618')).toBe(8618);
    expect(parsePortNumber('65535')).toBe(65535);
  });

  it('refuses what is not a port: out of range, fractions, signs, other notations, blanks', () => {
    for (const text of ['65536', '100000', '-1', '80.5', '+80', '1e3', '0x50', ' 80', '80 ', '', 'eighty'])
      expect(parsePortNumber(text)).toBeNull();
  });
});
