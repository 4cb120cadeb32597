import type Database from 'better-sqlite3';
import type { EntityKey, OnlineLookup } from '../../../shared/contract/schemas.js';
import { resolveService } from '../features/feature-registry.js';
import { OnlineReader } from '../features/online-retrieval.js';

export interface OnlineFeaturesRequest {
  service: string;
  entity: EntityKey;
  /** Judge freshness (TTL) as of this time (epoch ms). */
  atMs: number;
}

/**
 * An entity's latest feature values of a service from the online store, with a status per
 * feature and for the entity. The app's lookup and `triad features get` read them this way; a
 * caller reading many entities keeps one OnlineReader instead (its statements are prepared once).
 */
export function readOnlineFeatures(db: Database.Database, request: OnlineFeaturesRequest): OnlineLookup {
  return new OnlineReader(db, resolveService(db, request.service)).get(request.entity, request.atMs);
}
