import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TrustedKey, TrustedKeys } from '../../../shared/contract/signing-keys.js';
import { keyIdOf, parsePublicKeyLine } from './bundle-signing.js';

const REQUIRE_SIGNED_BUNDLES = 'require_signed_bundles';

interface TrustedKeyRow {
  key_id: string;
  name: string;
  public_key: string;
  added_at: string;
}

function fromRow(row: TrustedKeyRow): TrustedKey {
  return { keyId: row.key_id, name: row.name, publicKey: row.public_key, addedAt: row.added_at };
}

/** The teammates' keys whose signatures the project trusts, by name. */
export function trustedKeys(db: Database.Database): TrustedKey[] {
  return (db.prepare('SELECT * FROM triad_trusted_keys ORDER BY name, key_id').all() as TrustedKeyRow[]).map(fromRow);
}

/** Trusts a key under a name; trusting a key again keeps it once, under the new name. */
export function trustKey(db: Database.Database, key: { publicKey: string; name: string }): TrustedKey {
  const keyId = keyIdOf(key.publicKey);
  const name = key.name.trim();
  if (!name) throw new TriadError('invalid_input', 'name the key: whose it is, as the trust list will show it');
  const row = db
    .prepare(
      `INSERT INTO triad_trusted_keys (key_id, name, public_key, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_id) DO UPDATE SET name = excluded.name
       RETURNING *`,
    )
    .get(keyId, name, key.publicKey, new Date().toISOString()) as TrustedKeyRow;
  return fromRow(row);
}

/** Trusts the key of a shared public key line, under the line's name unless another is given. */
export function trustKeyLine(db: Database.Database, line: string, name?: string): TrustedKey {
  const parsed = parsePublicKeyLine(line);
  return trustKey(db, { publicKey: parsed.publicKey, name: name ?? parsed.name });
}

export function untrustKey(db: Database.Database, keyId: string): TrustedKey {
  const untrust = db.transaction(() => {
    const row = db.prepare('SELECT * FROM triad_trusted_keys WHERE key_id = ?').get(keyId) as TrustedKeyRow | undefined;
    if (!row) {
      const known = trustedKeys(db).map((key) => `${key.keyId} (${key.name})`);
      throw new TriadError(
        'not_found',
        `no trusted key has the ID ${keyId}; ${known.length > 0 ? `the trusted keys are ${known.join(', ')}` : 'the project trusts no key'}`,
      );
    }
    if (requiresSignedBundles(db) && trustedKeys(db).length === 1)
      throw new TriadError(
        'invalid_input',
        `${row.name} (${keyId}) is the only trusted key while imported bundles must be signed by one: turn the requirement off first, or trust another key`,
      );
    db.prepare('DELETE FROM triad_trusted_keys WHERE key_id = ?').run(keyId);
    return fromRow(row);
  });
  return untrust.immediate();
}

export function requiresSignedBundles(db: Database.Database): boolean {
  const row = db.prepare('SELECT value FROM triad_project_settings WHERE name = ?').get(REQUIRE_SIGNED_BUNDLES) as
    | { value: string }
    | undefined;
  return row?.value === 'true';
}

/** Refused while no key is trusted: every bundle would be refused. */
export function setRequireSignedBundles(db: Database.Database, on: boolean): void {
  const set = db.transaction(() => {
    if (on && trustedKeys(db).length === 0)
      throw new TriadError(
        'invalid_input',
        "the project trusts no key yet, so every bundle would be refused: trust a teammate's key first",
      );
    db.prepare(
      'INSERT INTO triad_project_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ).run(REQUIRE_SIGNED_BUNDLES, String(on));
  });
  set.immediate();
}

/** The trust list and the requirement, as the app and `triad keys list` show them. */
export function trustList(db: Database.Database): TrustedKeys {
  return { keys: trustedKeys(db), requireSignature: requiresSignedBundles(db) };
}
