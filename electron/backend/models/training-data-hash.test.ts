import { describe, expect, it } from 'vitest';
import type { FrameColumn } from './preprocessing.js';
import { trainingDataHash } from './training-data-hash.js';

const frame = (values: unknown[], name = 'x', type: FrameColumn['type'] = 'real'): FrameColumn[] => [
  { name, type, values },
];

describe('the hash of the rows a model was trained on', () => {
  it('is the same for the same rows and differs for any changed value, kind, order, name or type', () => {
    const rows = Array.from({ length: 20_000 }, (_, row) => (row % 7 === 0 ? null : row / 3));
    const base = trainingDataHash(frame(rows));
    expect(trainingDataHash(frame([...rows]))).toBe(base);
    const changed = [...rows];
    changed[19_999] = 1;
    expect(trainingDataHash(frame(changed))).not.toBe(base);
    expect(trainingDataHash(frame([...rows].reverse()))).not.toBe(base);
    expect(trainingDataHash(frame(rows, 'y'))).not.toBe(base);
    expect(trainingDataHash(frame(rows, 'x', 'integer'))).not.toBe(base);
    // A missing value, zero, the text "0" and the integer 0n are four different values.
    const kinds = [null, 0, '0', 0n].map((value) => trainingDataHash(frame([value])));
    expect(new Set(kinds).size).toBe(4);
    // Text is length-prefixed: moving a character between neighbours changes the hash.
    expect(trainingDataHash(frame(['ab', 'c'], 'x', 'text'))).not.toBe(
      trainingDataHash(frame(['a', 'bc'], 'x', 'text')),
    );
  });
});
