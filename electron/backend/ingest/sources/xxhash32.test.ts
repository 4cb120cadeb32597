import { describe, expect, it } from 'vitest';
import { xxhash32 } from './xxhash32.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('xxhash32', () => {
  it('gives the reference values of the xxHash specification’s test strings', () => {
    expect(xxhash32(bytes(''))).toBe(0x02cc5d05);
    expect(xxhash32(bytes('a'))).toBe(0x550d7456);
    expect(xxhash32(bytes('abc'))).toBe(0x32d153ff);
  });
});
