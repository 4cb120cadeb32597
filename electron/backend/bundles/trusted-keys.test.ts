import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrations.js';
import { createSigningKey, publicKeyLine } from './bundle-signing.js';
import {
  requiresSignedBundles,
  setRequireSignedBundles,
  trustedKeys,
  trustKey,
  trustKeyLine,
  trustList,
  untrustKey,
} from './trusted-keys.js';

function projectDb(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

const alice = createSigningKey('alice');
const bob = createSigningKey('bob');

describe('the trusted keys', () => {
  it('start empty, without the signature requirement', () => {
    const db = projectDb();
    expect(trustedKeys(db)).toEqual([]);
    expect(requiresSignedBundles(db)).toBe(false);
  });

  it('keep a key once however often it is trusted, under its latest name', () => {
    const db = projectDb();
    const first = trustKey(db, { publicKey: alice.publicKey, name: 'Alice' });
    expect(first).toMatchObject({ keyId: alice.keyId, name: 'Alice', publicKey: alice.publicKey });
    trustKey(db, { publicKey: bob.publicKey, name: 'Bob' });
    const renamed = trustKey(db, { publicKey: alice.publicKey, name: '  Alice (data team) ' });
    expect(renamed).toEqual({ ...first, name: 'Alice (data team)' });
    expect(trustedKeys(db).map((key) => key.name)).toEqual(['Alice (data team)', 'Bob']);
  });

  it("are added from a teammate's public key line, under its name or another", () => {
    const db = projectDb();
    expect(trustKeyLine(db, publicKeyLine(alice)).name).toBe('alice');
    expect(trustKeyLine(db, publicKeyLine(alice), 'Alice M.').name).toBe('Alice M.');
    expect(() => trustKeyLine(db, 'ssh-ed25519 AAAA bob')).toThrow('starts with "triad-ed25519"');
    expect(trustList(db)).toEqual({
      keys: [expect.objectContaining({ keyId: alice.keyId, name: 'Alice M.' })],
      requireSignature: false,
    });
  });

  it('refuse a key that is not one, or a key without a name', () => {
    const db = projectDb();
    expect(() => trustKey(db, { publicKey: 'AAAA', name: 'x' })).toThrow('the public key is 3 bytes long');
    expect(() => trustKey(db, { publicKey: alice.publicKey, name: ' ' })).toThrow('name the key');
    expect(trustedKeys(db)).toEqual([]);
  });

  it('untrust a key by its ID, and name the trusted ones for an unknown ID', () => {
    const db = projectDb();
    trustKey(db, { publicKey: alice.publicKey, name: 'Alice' });
    trustKey(db, { publicKey: bob.publicKey, name: 'Bob' });
    expect(untrustKey(db, bob.keyId).name).toBe('Bob');
    expect(() => untrustKey(db, bob.keyId)).toThrow(
      `no trusted key has the ID ${bob.keyId}; the trusted keys are ${alice.keyId} (Alice)`,
    );
    untrustKey(db, alice.keyId);
    expect(() => untrustKey(db, alice.keyId)).toThrow('the project trusts no key');
  });
});

describe('the signature requirement', () => {
  it("is refused while no key is trusted: trust a teammate's key first", () => {
    const db = projectDb();
    expect(() => setRequireSignedBundles(db, true)).toThrow("trust a teammate's key first");
    expect(requiresSignedBundles(db)).toBe(false);
  });

  it('turns on and off once a key is trusted', () => {
    const db = projectDb();
    trustKey(db, { publicKey: alice.publicKey, name: 'Alice' });
    setRequireSignedBundles(db, true);
    expect(requiresSignedBundles(db)).toBe(true);
    setRequireSignedBundles(db, false);
    expect(requiresSignedBundles(db)).toBe(false);
    setRequireSignedBundles(db, false);
    expect(requiresSignedBundles(db)).toBe(false);
  });

  it('keeps the last trusted key while it is on', () => {
    const db = projectDb();
    trustKey(db, { publicKey: alice.publicKey, name: 'Alice' });
    trustKey(db, { publicKey: bob.publicKey, name: 'Bob' });
    setRequireSignedBundles(db, true);
    untrustKey(db, bob.keyId);
    expect(() => untrustKey(db, alice.keyId)).toThrow('turn the requirement off first, or trust another key');
    setRequireSignedBundles(db, false);
    untrustKey(db, alice.keyId);
    expect(trustedKeys(db)).toEqual([]);
  });
});
