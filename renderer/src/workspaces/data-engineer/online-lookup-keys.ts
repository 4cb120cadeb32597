import type { FeatureCatalog } from '../../../../shared/contract/schemas.js';

/** The join keys a lookup in a feature service needs: those of every feature view it reads, in order. */
export function serviceJoinKeys(catalog: FeatureCatalog, service: string): string[] {
  const entries = catalog.services.find((entry) => entry.name === service)?.features ?? [];
  const views = new Set(entries.map((entry) => entry.split(':')[0]));
  const keys = catalog.featureViews.filter((view) => views.has(view.name)).flatMap((view) => view.joinKeys);
  return [...new Set(keys)];
}

/**
 * A `datetime-local` field's value (read as UTC, like every time the app shows) as epoch ms;
 * undefined when empty or not a time.
 */
export function utcInputToMs(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
