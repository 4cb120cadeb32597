import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier } from '../ingest/column-types.js';
import type { ResolvedView } from './feature-registry.js';
import { CREATED_COLUMN, EVENT_COLUMN, onlineTableName } from './online-store.js';

export type FeatureStatus = 'present' | 'null' | 'not_found' | 'outside_ttl';

export interface OnlineFeature {
  view: string;
  feature: string;
  value: unknown;
  status: FeatureStatus;
  /** When the value became true (epoch ms); null when no row was found. */
  eventTs: number | null;
}

export type EntityKey = Record<string, string | number | bigint>;

interface PreparedView {
  view: ResolvedView;
  lookup: Database.Statement;
}

/**
 * Reads the latest materialized values for entity keys, with a status per feature. Statements
 * are prepared once, so a lookup costs one indexed read per feature view.
 */
export class OnlineReader {
  private readonly prepared: PreparedView[];

  constructor(db: Database.Database, views: readonly ResolvedView[]) {
    this.prepared = views.map((view) => {
      const table = onlineTableName(view.name);
      if (!db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) {
        throw new TriadError('not_found', `feature view ${view.name} has not been materialized: run triad materialize`);
      }
      const where = view.joinKeys.map((key) => `${quoteIdentifier(key)} = ?`).join(' AND ');
      const columns = [EVENT_COLUMN, CREATED_COLUMN, ...view.features.map(quoteIdentifier)].join(', ');
      return { view, lookup: db.prepare(`SELECT ${columns} FROM ${quoteIdentifier(table)} WHERE ${where}`).raw(true) };
    });
  }

  keysNeeded(): string[] {
    return [...new Set(this.prepared.flatMap(({ view }) => view.joinKeys))];
  }

  get(entity: EntityKey, nowMs: number): OnlineFeature[] {
    const features: OnlineFeature[] = [];
    for (const { view, lookup } of this.prepared) {
      const keyValues = view.joinKeys.map((key) => {
        const value = entity[key];
        if (value === undefined)
          throw new TriadError('invalid_input', `the entity needs ${key}, the join key of feature view ${view.name}`);
        return value;
      });
      const row = lookup.get(...keyValues) as unknown[] | undefined;
      const eventTs = row ? (row[0] as number) : null;
      const stale = eventTs !== null && view.ttlMs > 0 && eventTs < nowMs - view.ttlMs;
      view.features.forEach((feature, index) => {
        const value = row ? (row[index + 2] ?? null) : null;
        const status: FeatureStatus = !row ? 'not_found' : stale ? 'outside_ttl' : value === null ? 'null' : 'present';
        features.push({ view: view.name, feature, value: status === 'present' ? value : null, status, eventTs });
      });
    }
    return features;
  }
}
