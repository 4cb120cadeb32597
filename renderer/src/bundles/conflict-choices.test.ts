import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../../../shared/contract/bundles.js';
import { buildResolutions, defaultRenameName, unresolvedConflicts } from './conflict-choices.js';

const item = (kind: ImportItem['kind'], name: string, status: ImportItem['status']): ImportItem => ({
  kind,
  name,
  status,
  renameRefusal: null,
  detail: '',
});

const items = [
  item('pipeline', 'flight_delays', 'conflict'),
  item('entity', 'airport', 'identical'),
  item('model', 'flight_delays', 'conflict'),
  item('table', 'flights', 'new'),
];

describe('conflict choices', () => {
  it('suggests NAME_2 as a new name', () => {
    expect(defaultRenameName('flight_delays')).toBe('flight_delays_2');
  });

  it('lists the conflicts without a choice, and a rename without a name as one', () => {
    expect(unresolvedConflicts(items, {}).map((conflict) => conflict.kind)).toEqual(['pipeline', 'model']);
    expect(
      unresolvedConflicts(items, {
        'pipeline:flight_delays': { action: 'rename', name: '  ' },
        'model:flight_delays': { action: 'skip', name: '' },
      }).map((conflict) => conflict.kind),
    ).toEqual(['pipeline']);
  });

  it('builds resolutions keyed KIND:NAME for the conflicts only, a rename with its trimmed name', () => {
    expect(
      buildResolutions(items, {
        'pipeline:flight_delays': { action: 'rename', name: ' flight_delays_ana ' },
        'model:flight_delays': { action: 'overwrite', name: 'flight_delays_2' },
        'table:flights': { action: 'skip', name: '' },
      }),
    ).toEqual({
      'pipeline:flight_delays': { action: 'rename', name: 'flight_delays_ana' },
      'model:flight_delays': { action: 'overwrite' },
    });
  });
});
