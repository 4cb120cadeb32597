import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { createSigningKey, publicKeyLine } from './bundle-signing.js';
import {
  createOwnSigningKey,
  loadSigningKey,
  ownSigningKey,
  saveSigningKey,
  signingKeyFiles,
} from './signing-key-files.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('the signing key files', () => {
  it('are absent until a key is saved, then load as the key saved', () => {
    const home = temporaryFolder('keys');
    expect(loadSigningKey(home)).toBeNull();
    const key = createSigningKey('Alice Martin');
    saveSigningKey(home, key, { replace: false });
    expect(loadSigningKey(home)).toEqual(key);
    const files = signingKeyFiles(home);
    expect(readFileSync(files.publicKey, 'utf8')).toBe(`${publicKeyLine(key)}\n`);
    if (process.platform !== 'win32') expect(statSync(files.privateKey).mode & 0o777).toBe(0o600);
  });

  it('show the own key without its private half', () => {
    const home = temporaryFolder('keys');
    expect(ownSigningKey(home)).toBeNull();
    const created = createOwnSigningKey(home, 'alice', { replace: false });
    expect(created).toEqual({
      name: 'alice',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      publicKeyLine: expect.stringMatching(/^triad-ed25519 \S+ alice$/),
    });
    expect(ownSigningKey(home)).toEqual(created);
  });

  it('are replaced only when asked', () => {
    const home = temporaryFolder('keys');
    const first = createSigningKey('alice');
    saveSigningKey(home, first, { replace: false });
    const second = createSigningKey('alice');
    expect(() => saveSigningKey(home, second, { replace: false })).toThrow('you already have a bundle signing key');
    expect(loadSigningKey(home)).toEqual(first);
    saveSigningKey(home, second, { replace: true });
    expect(loadSigningKey(home)).toEqual(second);
  });

  it.each<[string, (files: ReturnType<typeof signingKeyFiles>) => void, string]>([
    [
      'the private key is not a PEM',
      (files) => writeFileSync(files.privateKey, 'garbage'),
      'it is not a PEM private key',
    ],
    [
      'the private key is not ed25519',
      (files) =>
        writeFileSync(
          files.privateKey,
          generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ format: 'pem', type: 'pkcs8' })
            .toString(),
        ),
      'it holds an ec key, not an ed25519 one',
    ],
    [
      'the public key line does not match the private key',
      (files) => writeFileSync(files.publicKey, publicKeyLine(createSigningKey('mallory'))),
      'is not the public half of',
    ],
    ['the public key line is damaged', (files) => writeFileSync(files.publicKey, 'ssh-ed25519 AAAA x'), 'starts with'],
    ['the public key file is gone', (files) => rmSync(files.publicKey), 'it is missing'],
    ['the private key file is gone', (files) => rmSync(files.privateKey), 'it is missing'],
  ])('are refused, naming the file, when %s', (_case, damage, reason) => {
    const home = temporaryFolder('keys');
    saveSigningKey(home, createSigningKey('alice'), { replace: false });
    damage(signingKeyFiles(home));
    expect(() => loadSigningKey(home)).toThrow(reason);
    expect(() => loadSigningKey(home)).toThrow(/the bundle signing key file .*bundle-signing\.(key|pub) is damaged/);
  });
});
