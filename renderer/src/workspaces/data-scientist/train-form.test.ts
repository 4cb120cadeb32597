import { describe, expect, it } from 'vitest';
import { featureCandidates, suggestAlgorithm, suggestLabel } from './train-form.js';

const column = (name: string, type: string) => ({ name, type, format: null }) as never;

describe('the Train form’s suggestions', () => {
  it('suggests a label by its name, else a yes/no column, else the last column', () => {
    expect(suggestLabel([column('origin', 'text'), column('delayed', 'integer'), column('distance', 'real')])).toBe(
      'delayed',
    );
    expect(
      suggestLabel([
        column('id', 'integer'),
        column('churned_at', 'timestamp'),
        column('active', 'boolean'),
        column('x', 'real'),
      ]),
    ).toBe('active');
    expect(suggestLabel([column('a', 'real'), column('b', 'text')])).toBe('b');
    expect(suggestLabel([])).toBe('');
  });

  it('suggests linear regression for a real label, logistic otherwise, and leaves out what cannot be a feature', () => {
    expect(suggestAlgorithm(column('price', 'real'))).toBe('linreg');
    expect(suggestAlgorithm(column('species', 'text'))).toBe('logreg');
    expect(featureCandidates([column('a', 'real'), column('b', 'json'), column('c', 'text')], 'c')).toEqual(['a']);
  });
});
