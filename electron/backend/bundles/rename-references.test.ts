import { describe, expect, it } from 'vitest';
import { importedCard } from '../use-cases/import-model.js';
import { type Renames, renamedCard } from './rename-references.js';

const renames: Renames = {
  pipeline: null,
  entities: new Map(),
  services: new Map([['delay_prediction', 'delay_prediction_2']]),
  checks: new Map(),
  models: new Map(),
};

describe('a bundled model card in the project it is imported into', () => {
  it('names its feature service as the project now calls it, and is left as it is otherwise', () => {
    const card = { ...importedCard({}, ['avg_delay']), featureService: 'delay_prediction' };
    expect(renamedCard(card, renames)).toEqual({ ...card, featureService: 'delay_prediction_2' });
    const other = { ...card, featureService: 'other_service' };
    expect(renamedCard(other, renames)).toBe(other);
    const none = { ...card, featureService: null };
    expect(renamedCard(none, renames)).toBe(none);
  });
});
