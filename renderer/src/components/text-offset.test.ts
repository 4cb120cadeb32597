import { describe, expect, it } from 'vitest';
import { offsetOf } from './text-offset.js';

describe('the offset of a line and column', () => {
  const text = 'entities:\n  - name: trip\n\nfeature_views: []';

  it('points at the line and column asked for', () => {
    expect(offsetOf(text, 1)).toBe(0);
    expect(text.slice(offsetOf(text, 2, 5))).toMatch(/^name: trip/);
    expect(text.slice(offsetOf(text, 4))).toBe('feature_views: []');
  });

  it('stays inside the text for lines and columns past its end', () => {
    expect(offsetOf(text, 2, 99)).toBe('entities:\n  - name: trip'.length);
    expect(offsetOf(text, 3, 4)).toBe('entities:\n  - name: trip\n'.length);
    expect(offsetOf(text, 40)).toBe(text.length - 'feature_views: []'.length);
    expect(offsetOf('', 3, 3)).toBe(0);
  });
});
