import { describe, expect, it } from 'vitest';
import { yamlCursor } from './yaml-cursor.js';

const at = (textWithCursor: string) => yamlCursor(textWithCursor.replace('|', ''), textWithCursor.indexOf('|'));

describe('where the cursor is in block YAML', () => {
  it('follows keys and sequence items, indented or at their key’s column', () => {
    expect(at('steps:\n  - name: a\n    with:\n      ta|')).toMatchObject({
      path: ['steps', '[]', 'with'],
      position: 'key',
      prefix: 'ta',
    });
    expect(at('steps:\n- name: a\n  with:\n    |')).toMatchObject({ path: ['steps', '[]', 'with'] });
    expect(at('a:\n  b:\n    c: x\n  d: |')).toMatchObject({ path: ['a'], position: 'value', key: 'd' });
  });

  it('collects the keys of each enclosing mapping, above and below the cursor, and not those of the next item', () => {
    const cursor = at('steps:\n  - name: a\n    |\n    kind: sql # the kind\n  - name: b\n    kind: train\n');
    expect(cursor.path).toEqual(['steps', '[]']);
    expect(cursor.mappings.at(-1)?.entries).toEqual({ name: 'a', kind: 'sql' });
  });

  it('places a typed word after item marks and skips comments and blank lines', () => {
    const cursor = at('# a pipeline\nsteps:\n\n  # first\n  - ki|');
    expect(cursor).toMatchObject({ path: ['steps', '[]'], position: 'key', prefix: 'ki' });
    expect('# a pipeline\nsteps:\n\n  # first\n  - ki'.slice(cursor.from)).toBe('ki');
  });
});
