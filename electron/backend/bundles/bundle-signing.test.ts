import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TrustedKey } from '../../../shared/contract/signing-keys.js';
import {
  type BundleSignature,
  createSigningKey,
  keyIdOf,
  parsePublicKeyLine,
  parseSignatureEntry,
  publicKeyLine,
  signatureVerdict,
  signingKeyFromPem,
  signManifest,
} from './bundle-signing.js';

const manifest = new TextEncoder().encode('{"format":1,"pipeline":"churn"}\n');
const alice = createSigningKey('Alice Martin');
const bob = createSigningKey('bob');

function trust(key: { publicKey: string; keyId: string }, name: string): TrustedKey {
  return { keyId: key.keyId, name, publicKey: key.publicKey, addedAt: '2026-01-01T00:00:00.000Z' };
}

function entry(signature: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(signature));
}

describe('signing keys', () => {
  it('are ed25519 pairs named and identified by their public key', () => {
    expect(Buffer.from(alice.publicKey, 'base64')).toHaveLength(32);
    expect(alice.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(alice.keyId).toBe(keyIdOf(alice.publicKey));
    expect(alice.keyId).not.toBe(bob.keyId);
    expect(alice.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(signingKeyFromPem(alice.privateKeyPem, alice.name)).toEqual(alice);
  });

  it('trims their name and refuse an empty or multi-line one', () => {
    expect(createSigningKey('  carol  ').name).toBe('carol');
    expect(() => createSigningKey('  ')).toThrow('a key needs a name');
    expect(() => createSigningKey('a\nb')).toThrow('a key name is one line');
  });

  it('refuse a PEM that is not an ed25519 private key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signingKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'x')).toThrow(
      'it holds an ec key, not an ed25519 one',
    );
    expect(() => signingKeyFromPem('hello', 'x')).toThrow('it is not a PEM private key');
  });
});

describe('public key lines', () => {
  it('round-trip, with a name that has spaces', () => {
    const line = publicKeyLine(alice);
    expect(line).toBe(`triad-ed25519 ${alice.publicKey} Alice Martin`);
    expect(parsePublicKeyLine(`  ${line}  \n`)).toEqual({
      publicKey: alice.publicKey,
      name: 'Alice Martin',
      keyId: alice.keyId,
    });
  });

  it.each([
    ['', 'the public key line is empty'],
    [`ssh-ed25519 ${alice.publicKey} alice`, 'starts with "triad-ed25519", not "ssh-ed25519"'],
    ['triad-ed25519', 'has no key after "triad-ed25519"'],
    ['triad-ed25519 not*base64! alice', 'the public key is not base64'],
    [`triad-ed25519 ${alice.publicKey.slice(0, -1)} alice`, 'the public key is not base64'],
    [`triad-ed25519 ${Buffer.alloc(31).toString('base64')} alice`, 'is 31 bytes long; an ed25519 public key is 32'],
    [`triad-ed25519 ${alice.publicKey}`, 'has no name after the key'],
    [`triad-ed25519 ${alice.publicKey}   `, 'has no name after the key'],
    [`triad-ed25519 ${alice.publicKey} a\ntriad-ed25519 ${bob.publicKey} b`, 'a public key is one line'],
  ])('refuse %j', (line, message) => {
    expect(() => parsePublicKeyLine(line)).toThrow(message);
    try {
      parsePublicKeyLine(line);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input' });
    }
  });
});

describe('signatures', () => {
  it('are deterministic: the same bytes and key give the same signature', () => {
    const first = signManifest(manifest, alice);
    expect(signManifest(Uint8Array.from(manifest), alice)).toEqual(first);
    expect(signManifest(manifest, bob).signature).not.toBe(first.signature);
    expect(first).toMatchObject({
      format: 1,
      algorithm: 'ed25519',
      signer: 'Alice Martin',
      keyId: alice.keyId,
      publicKey: alice.publicKey,
    });
  });

  it('are valid and trusted when a trusted key signed these exact bytes', () => {
    const verdict = signatureVerdict(manifest, signManifest(manifest, alice), [trust(alice, 'Alice (data team)')]);
    expect(verdict).toEqual({
      valid: true,
      trusted: true,
      signer: 'Alice Martin',
      keyId: alice.keyId,
      trustedAs: 'Alice (data team)',
      problem: null,
    });
  });

  it('are valid but not trusted when the project does not trust the key', () => {
    const verdict = signatureVerdict(manifest, signManifest(manifest, alice), [trust(bob, 'bob')]);
    expect(verdict).toMatchObject({ valid: true, trusted: false, trustedAs: null });
    expect(verdict.problem).toBe(`signed by Alice Martin (key ${alice.keyId}), a key this project does not trust`);
  });

  it('are invalid over a manifest changed after signing', () => {
    const signature = signManifest(manifest, alice);
    const tampered = Uint8Array.from(manifest);
    tampered[12] = (tampered[12] ?? 0) ^ 1;
    const verdict = signatureVerdict(tampered, signature, [trust(alice, 'alice')]);
    expect(verdict).toMatchObject({ valid: false, trusted: false, trustedAs: null });
    expect(verdict.problem).toContain('does not match the manifest');
  });

  it("are invalid when they claim another key than the one that signed (bob's signature under alice's key)", () => {
    const forged: BundleSignature = {
      ...signManifest(manifest, alice),
      signature: signManifest(manifest, bob).signature,
    };
    const verdict = signatureVerdict(manifest, forged, [trust(alice, 'alice')]);
    expect(verdict).toMatchObject({ valid: false, trusted: false });
    expect(verdict.problem).toContain('does not match the manifest');
  });

  it('do not count as trusted when a trusted key has the same ID but another public key', () => {
    const verdict = signatureVerdict(manifest, signManifest(manifest, alice), [
      { ...trust(alice, 'alice'), publicKey: bob.publicKey },
    ]);
    expect(verdict).toMatchObject({ valid: true, trusted: false });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['bad base64 key', { publicKey: '!!!!' }, 'publicKey is not base64'],
    ['short key', { publicKey: Buffer.alloc(16).toString('base64') }, 'publicKey is 16 bytes long'],
    ['bad base64 signature', { signature: 'abc' }, 'signature is not base64'],
    ['short signature', { signature: Buffer.alloc(10).toString('base64') }, 'signature is 10 bytes long'],
    ['wrong key ID', { keyId: '0000000000000000' }, 'is not the ID of publicKey'],
    ['undefined signer', { signer: undefined }, 'signer is not a string'],
    ['number signer', { signer: 7 }, 'signer is not a string'],
  ])('never throw on hostile input (%s): not valid, with the reason', (_case, change, problem) => {
    const hostile = { ...signManifest(manifest, alice), ...change } as BundleSignature;
    const verdict = signatureVerdict(manifest, hostile, [trust(alice, 'alice')]);
    expect(verdict).toMatchObject({ valid: false, trusted: false, trustedAs: null });
    expect(verdict.problem).toContain(problem);
  });

  it('never throw on a signature that is not even an object', () => {
    expect(signatureVerdict(manifest, null as unknown as BundleSignature, []).valid).toBe(false);
    expect(signatureVerdict(manifest, 'x' as unknown as BundleSignature, []).valid).toBe(false);
  });
});

describe('signature.json', () => {
  const good = signManifest(manifest, alice);

  it('reads a well-formed entry as it was written', () => {
    expect(parseSignatureEntry(entry(good))).toEqual(good);
  });

  it.each<[string, Uint8Array, string]>([
    ['not UTF-8', Uint8Array.of(0xff, 0xfe, 0x00), 'signature.json is not JSON'],
    ['not JSON', new TextEncoder().encode('{"format":'), 'signature.json is not JSON'],
    ['an array', entry([good]), 'signature.json is not a JSON object'],
    ['null', entry(null), 'signature.json is not a JSON object'],
    ['an unknown field', entry({ ...good, comment: 'hi' }), 'signature.json: unknown field comment'],
    ['a missing field', entry({ ...good, keyId: undefined }), 'signature.json: missing field keyId'],
    ['format 2', entry({ ...good, format: 2 }), 'signature.json: format is 2; this Triad reads format 1'],
    ['format "1"', entry({ ...good, format: '1' }), 'signature.json: format is "1"'],
    ['another algorithm', entry({ ...good, algorithm: 'rsa' }), 'signature.json: algorithm is "rsa"'],
    ['a signer that is not text', entry({ ...good, signer: 1 }), 'signature.json: signer is not a string'],
    ['an empty signer', entry({ ...good, signer: ' ' }), 'signature.json: signer is empty'],
    ['a key that is not base64', entry({ ...good, publicKey: 'a b' }), 'signature.json: publicKey is not base64'],
    [
      'a key of the wrong length',
      entry({ ...good, publicKey: Buffer.alloc(33).toString('base64') }),
      'signature.json: publicKey is 33 bytes long',
    ],
    ['a keyId of another key', entry({ ...good, keyId: bob.keyId }), 'is not the ID of publicKey'],
    ['a signature that is not base64', entry({ ...good, signature: '%%' }), 'signature.json: signature is not base64'],
    [
      'a signature of the wrong length',
      entry({ ...good, signature: Buffer.alloc(63).toString('base64') }),
      'signature.json: signature is 63 bytes long',
    ],
  ])('refuses an entry that is %s', (_case, bytes, message) => {
    expect(() => parseSignatureEntry(bytes)).toThrow(message);
  });
});
