import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EntityKey, OnlineFeature, OnlineFeatureStatus, OnlineLookup } from '../../../shared/contract/schemas.js';
import { formatBlob } from '../../../shared/format.js';
import { quoteIdentifier } from '../db/column-types.js';
import type { ResolvedView } from './feature-registry.js';
import { affinityOf, type KeyColumn, keyParameter } from './key-types.js';
import { CREATED_COLUMN, EVENT_COLUMN, onlineTableName } from './online-store.js';

interface PreparedView {
  view: ResolvedView;
  keys: KeyColumn[];
  lookup: Database.Statement;
}

function keyColumns(db: Database.Database, table: string, view: ResolvedView): KeyColumn[] {
  const types = new Map(
    (db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as { name: string; type: string }[]).map(
      (column) => [column.name, column.type],
    ),
  );
  return view.joinKeys.map((name) => ({ name, affinity: affinityOf(types.get(name) ?? ''), view: view.name }));
}

function featureStatus(
  row: unknown[] | undefined,
  value: unknown,
  view: ResolvedView,
  atMs: number,
): OnlineFeatureStatus {
  if (!row) return 'not_found';
  const eventTs = row[0] as number;
  if (eventTs > atMs) return 'future';
  if (view.ttlMs > 0 && eventTs < atMs - view.ttlMs) return 'outside_ttl';
  return value === null ? 'null' : 'present';
}

/** A stored value as JSON holds it: BLOBs as hex literals (the store reads no 64-bit integers). */
function wireValue(value: unknown): OnlineFeature['value'] {
  if (value instanceof Uint8Array) return formatBlob(value);
  return value as OnlineFeature['value'];
}

/**
 * Reads the latest materialized values for entity keys, with a status per feature and for the
 * entity. Statements are prepared once, so a lookup costs one indexed read per feature view.
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
      return {
        view,
        keys: keyColumns(db, table, view),
        lookup: db.prepare(`SELECT ${columns} FROM ${quoteIdentifier(table)} WHERE ${where}`).raw(true),
      };
    });
  }

  keysNeeded(): string[] {
    return [...new Set(this.prepared.flatMap(({ view }) => view.joinKeys))];
  }

  get(entity: EntityKey, atMs: number): OnlineLookup {
    const features: OnlineFeature[] = [];
    const compared: EntityKey = {};
    let viewsFound = 0;
    for (const { view, keys, lookup } of this.prepared) {
      const keyValues = keys.map((key) => {
        const value = entity[key.name];
        if (value === undefined)
          throw new TriadError(
            'invalid_input',
            `the entity needs ${key.name}, the join key of feature view ${view.name}`,
          );
        const parameter = keyParameter(key, value);
        compared[key.name] = parameter;
        return parameter;
      });
      const row = lookup.get(...keyValues) as unknown[] | undefined;
      if (row) viewsFound += 1;
      const eventTs = row ? (row[0] as number) : null;
      view.features.forEach((feature, index) => {
        const value = row ? (row[index + 2] ?? null) : null;
        const status = featureStatus(row, value, view, atMs);
        features.push({
          view: view.name,
          feature,
          value: status === 'present' ? wireValue(value) : null,
          status,
          eventTs,
        });
      });
    }
    const status: OnlineLookup['status'] =
      viewsFound === this.prepared.length ? 'found' : viewsFound === 0 ? 'not_found' : 'partly_found';
    return { entity: compared, status, atMs, features };
  }
}
