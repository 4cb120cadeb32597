import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelCard, ModelSignature, ModelVersion, RegisteredModel } from '../../../shared/contract/schemas.js';
import { storeArtifact } from '../db/artifacts.js';
import { assertModelName, formatModelReference, type ModelReference } from './model-reference.js';

interface VersionRow {
  model: string;
  version: number;
  artifact: string;
  content_hash: string;
  bytes: number;
  signature: string;
  card: string;
  tags: string;
  description: string;
  run_id: string | null;
  created_at: string;
}

function aliasesOf(db: Database.Database, name: string): Map<number, string[]> {
  const rows = db
    .prepare('SELECT alias, version FROM triad_model_aliases WHERE model = ? ORDER BY alias')
    .all(name) as { alias: string; version: number }[];
  const byVersion = new Map<number, string[]>();
  for (const row of rows) byVersion.set(row.version, [...(byVersion.get(row.version) ?? []), row.alias]);
  return byVersion;
}

function toVersion(row: VersionRow, aliases: Map<number, string[]>): ModelVersion {
  return {
    name: row.model,
    version: row.version,
    artifact: row.artifact,
    contentHash: row.content_hash,
    bytes: row.bytes,
    signature: JSON.parse(row.signature) as ModelSignature,
    card: JSON.parse(row.card) as ModelCard,
    tags: JSON.parse(row.tags) as Record<string, string>,
    description: row.description,
    runId: row.run_id,
    createdAt: row.created_at,
    aliases: aliases.get(row.version) ?? [],
  };
}

export interface NewModelVersion {
  name: string;
  bytes: Uint8Array;
  signature: ModelSignature;
  card: ModelCard;
  runId: string | null;
  trainingSetId?: string | null;
  tags?: Record<string, string>;
  description?: string;
}

/**
 * Adds a version to a registered model (creating the model on its first version): the ONNX file
 * is kept content-addressed under artifacts/models, then the version is numbered and recorded in
 * one short transaction.
 */
export function registerModelVersion(db: Database.Database, projectDir: string, entry: NewModelVersion): ModelVersion {
  assertModelName(entry.name);
  const stored = storeArtifact(projectDir, 'models', 'onnx', entry.bytes);
  const now = new Date().toISOString();
  const version = db
    .transaction(() => {
      db.prepare('INSERT OR IGNORE INTO triad_models (name, created_at) VALUES (?, ?)').run(entry.name, now);
      const next =
        ((db.prepare('SELECT max(version) FROM triad_model_versions WHERE model = ?').pluck().get(entry.name) as
          | number
          | null) ?? 0) + 1;
      db.prepare(
        `INSERT INTO triad_model_versions (model, version, artifact, content_hash, bytes, signature, card, tags, description, run_id, training_set_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        entry.name,
        next,
        stored.artifact,
        stored.contentHash,
        entry.bytes.byteLength,
        JSON.stringify(entry.signature),
        JSON.stringify(entry.card),
        JSON.stringify(entry.tags ?? {}),
        entry.description ?? '',
        entry.runId,
        entry.trainingSetId ?? null,
        now,
      );
      return next;
    })
    .immediate();
  return modelVersion(db, entry.name, version);
}

function modelVersion(db: Database.Database, name: string, version: number): ModelVersion {
  const row = db.prepare('SELECT * FROM triad_model_versions WHERE model = ? AND version = ?').get(name, version) as
    | VersionRow
    | undefined;
  if (!row) {
    const versions = db
      .prepare('SELECT version FROM triad_model_versions WHERE model = ? ORDER BY version')
      .pluck()
      .all(name) as number[];
    throw new TriadError('not_found', `model ${name} has no version ${version} (its versions: ${versions.join(', ')})`);
  }
  return toVersion(row, aliasesOf(db, name));
}

function assertModelExists(db: Database.Database, name: string): void {
  if (db.prepare('SELECT 1 FROM triad_models WHERE name = ?').get(name)) return;
  const names = db.prepare('SELECT name FROM triad_models ORDER BY name').pluck().all() as string[];
  throw new TriadError(
    'not_found',
    `there is no registered model ${name} (${names.length === 0 ? 'none is registered yet: train one with --register or import an ONNX file' : `registered: ${names.join(', ')}`})`,
  );
}

/** The version a reference names: by version, by alias, or the newest. */
export function resolveModelVersion(db: Database.Database, reference: ModelReference): ModelVersion {
  assertModelExists(db, reference.name);
  if (reference.version !== undefined) return modelVersion(db, reference.name, reference.version);
  if (reference.alias !== undefined) {
    const version = db
      .prepare('SELECT version FROM triad_model_aliases WHERE model = ? AND alias = ?')
      .pluck()
      .get(reference.name, reference.alias) as number | undefined;
    if (version === undefined) {
      const aliases = [...aliasesOf(db, reference.name).values()].flat();
      throw new TriadError(
        'not_found',
        `model ${reference.name} has no alias ${reference.alias} (${aliases.length === 0 ? 'it has no alias yet' : `its aliases: ${aliases.sort().join(', ')}`})`,
      );
    }
    return modelVersion(db, reference.name, version);
  }
  const newest = db
    .prepare('SELECT max(version) FROM triad_model_versions WHERE model = ?')
    .pluck()
    .get(reference.name) as number;
  return modelVersion(db, reference.name, newest);
}

export function listModels(db: Database.Database): RegisteredModel[] {
  const rows = db
    .prepare(
      `SELECT m.name, m.description, max(v.version) AS latest, count(v.version) AS versions, max(v.created_at) AS updated
       FROM triad_models m JOIN triad_model_versions v ON v.model = m.name GROUP BY m.name ORDER BY m.name`,
    )
    .all() as { name: string; description: string; latest: number; versions: number; updated: string }[];
  return rows.map((row) => ({
    name: row.name,
    description: row.description,
    latestVersion: row.latest,
    versionCount: row.versions,
    aliases: Object.fromEntries(
      [...aliasesOf(db, row.name)].flatMap(([version, aliases]) => aliases.map((alias) => [alias, version])),
    ),
    updatedAt: row.updated,
  }));
}

/** Every version of a model, newest first. */
export function modelVersions(db: Database.Database, name: string): ModelVersion[] {
  assertModelExists(db, name);
  const aliases = aliasesOf(db, name);
  return (
    db.prepare('SELECT * FROM triad_model_versions WHERE model = ? ORDER BY version DESC').all(name) as VersionRow[]
  ).map((row) => toVersion(row, aliases));
}

/** Points an alias at a version, moving it from wherever it pointed, in one statement. */
export function setModelAlias(db: Database.Database, name: string, alias: string, version: number): ModelVersion {
  assertModelName(alias, 'an alias');
  if (/^\d+$/.test(alias))
    throw new TriadError(
      'invalid_input',
      `"${alias}" is not an alias: an alias cannot be a number (that names a version)`,
    );
  assertModelExists(db, name);
  modelVersion(db, name, version);
  db.prepare(
    `INSERT INTO triad_model_aliases (model, alias, version, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`,
  ).run(name, alias, version, new Date().toISOString());
  return modelVersion(db, name, version);
}

/**
 * Deletes one version, refused while an alias points at it; its file goes when no other version
 * holds the same bytes, and the model goes with its last version.
 */
export function deleteModelVersion(db: Database.Database, projectDir: string, name: string, version: number): void {
  assertModelExists(db, name);
  const doomed = modelVersion(db, name, version);
  if (doomed.aliases.length > 0)
    throw new TriadError(
      'invalid_input',
      `${formatModelReference({ name, version })} is what ${doomed.aliases.map((alias) => `${name}@${alias}`).join(', ')} ${doomed.aliases.length === 1 ? 'points' : 'point'} at: move the alias first (triad models alias), then delete it`,
    );
  const fileStillUsed = db
    .transaction(() => {
      db.prepare('DELETE FROM triad_model_versions WHERE model = ? AND version = ?').run(name, version);
      if (!db.prepare('SELECT 1 FROM triad_model_versions WHERE model = ?').get(name))
        db.prepare('DELETE FROM triad_models WHERE name = ?').run(name);
      return (
        db.prepare('SELECT 1 FROM triad_model_versions WHERE content_hash = ?').get(doomed.contentHash) !== undefined
      );
    })
    .immediate();
  if (!fileStillUsed) rmSync(join(projectDir, doomed.artifact), { force: true });
}

/** Every version's model, number and card: where lineage draws training data -> model. */
export function versionCards(db: Database.Database): { name: string; version: number; card: ModelCard }[] {
  return (
    db.prepare('SELECT model, version, card FROM triad_model_versions ORDER BY model, version').all() as {
      model: string;
      version: number;
      card: string;
    }[]
  ).map((row) => ({ name: row.model, version: row.version, card: JSON.parse(row.card) as ModelCard }));
}

/** Tags are short labels: at most this many per version, each key and value at most 200 characters. */
const MAX_TAGS = 50;

/** Sets a version's description and/or tags (tags replace the old ones; an empty value removes a tag). */
export function annotateModelVersion(
  db: Database.Database,
  name: string,
  version: number,
  changes: { description?: string; tags?: Record<string, string> },
): ModelVersion {
  const current = modelVersion(db, name, version);
  const tags = changes.tags
    ? Object.fromEntries(Object.entries(changes.tags).filter(([, value]) => value !== ''))
    : current.tags;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw new TriadError('invalid_input', `a version takes at most ${MAX_TAGS} tags`);
  const long = entries.find(([key, value]) => key.length === 0 || key.length > 200 || value.length > 200);
  if (long)
    throw new TriadError(
      'invalid_input',
      `tag "${long[0].slice(0, 40)}" must have a key of 1 to 200 characters and a value of at most 200`,
    );
  db.prepare('UPDATE triad_model_versions SET description = ?, tags = ? WHERE model = ? AND version = ?').run(
    changes.description ?? current.description,
    JSON.stringify(tags),
    name,
    version,
  );
  return modelVersion(db, name, version);
}

/** Every registered model by its plain name, each alias and each version: what `triad models serve` serves when told nothing. */
export function everyModelReference(db: Database.Database): string[] {
  const versions = db.prepare('SELECT model, version FROM triad_model_versions ORDER BY model, version').all() as {
    model: string;
    version: number;
  }[];
  const aliases = db.prepare('SELECT model, alias FROM triad_model_aliases ORDER BY model, alias').all() as {
    model: string;
    alias: string;
  }[];
  return [
    ...new Set(versions.map((row) => row.model)),
    ...aliases.map((row) => `${row.model}@${row.alias}`),
    ...versions.map((row) => `${row.model}:${row.version}`),
  ];
}
