import { describe, expect, it } from 'vitest';
import type { FeatureCatalog } from '../../../../shared/contract/schemas.js';
import { serviceJoinKeys, utcInputToMs } from './online-lookup-keys.js';

const view = (name: string, joinKeys: string[]) => ({
  name,
  entities: [],
  joinKeys,
  features: [],
  timestampField: 'ts',
  ttl: 0,
  online: true,
  owner: '',
  description: '',
  source: '',
  materializedUntil: null,
});

const catalog: FeatureCatalog = {
  entities: [],
  featureViews: [view('trips', ['driver_id']), view('zones', ['zone', 'driver_id']), view('other', ['x'])],
  services: [{ name: 'eta', features: ['trips', 'zones:busy'], description: '' }],
  definitionsYaml: '',
};

describe('the keys of an online lookup', () => {
  it("are the join keys of the service's views, each once, and none for an unknown service", () => {
    expect(serviceJoinKeys(catalog, 'eta')).toEqual(['driver_id', 'zone']);
    expect(serviceJoinKeys(catalog, 'nope')).toEqual([]);
  });

  it('read a time field as UTC, and nothing from an empty or broken one', () => {
    expect(utcInputToMs('2001-03-31T12:00')).toBe(Date.UTC(2001, 2, 31, 12));
    expect(utcInputToMs('')).toBeUndefined();
    expect(utcInputToMs('yesterday')).toBeUndefined();
  });
});
