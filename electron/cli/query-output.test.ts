import { describe, expect, it } from 'vitest';
import { describeChanges } from './commands/apply-command.js';
import { cutToWidth } from './query-output.js';

describe('CLI output', () => {
  it('ends a value cut at the cell width with an ellipsis, and leaves one that fits', () => {
    expect(cutToWidth('a'.repeat(40))).toBe('a'.repeat(40));
    expect(cutToWidth('a'.repeat(41))).toBe(`${'a'.repeat(39)}…`);
  });

  it('counts one change in the singular', () => {
    const change = { kind: 'entity', name: 'user', action: 'create' } as const;
    expect(describeChanges([change], false)).toBe('  + entity user\nApplied 1 change.');
    expect(describeChanges([change], true)).toContain('1 change would be applied');
  });
});
