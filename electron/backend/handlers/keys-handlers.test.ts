import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/contract/events.js';
import { createSigningKey, publicKeyLine } from '../bundles/bundle-signing.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('signing key methods', () => {
  it('make your key, trust a teammate’s, require signatures, and say what changed', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const changes: string[] = [];
    triad.subscribe((event: EventMessage) => {
      if (event.name === 'keys.changed') changes.push(event.payload.changed);
    });
    expect(await triad.client.invoke('keys.get', {})).toEqual({ key: null });
    const key = await triad.client.invoke('keys.create', { name: ' Alice ' });
    expect(key).toMatchObject({ name: 'Alice', publicKeyLine: expect.stringMatching(/^triad-ed25519 \S+ Alice$/) });
    expect(await triad.client.invoke('keys.get', {})).toEqual({ key });
    await expect(triad.client.invoke('keys.create', { name: 'Alice' })).rejects.toMatchObject({
      code: 'already_exists',
    });

    await expect(triad.client.invoke('keys.setRequireSignature', { on: true })).rejects.toThrow(
      "trust a teammate's key first",
    );
    const bob = createSigningKey('Bob');
    const trusted = await triad.client.invoke('keys.trust', { line: publicKeyLine(bob), name: 'Bob (ML)' });
    expect(trusted).toMatchObject({ keyId: bob.keyId, name: 'Bob (ML)', publicKey: bob.publicKey });
    await expect(triad.client.invoke('keys.trust', { line: 'ssh-ed25519 AAAA x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await triad.client.invoke('keys.setRequireSignature', { on: true })).toEqual({
      keys: [trusted],
      requireSignature: true,
    });
    await triad.client.invoke('keys.setRequireSignature', { on: false });
    expect(await triad.client.invoke('keys.untrust', { keyId: bob.keyId })).toEqual(trusted);
    expect(await triad.client.invoke('keys.trusted', {})).toEqual({ keys: [], requireSignature: false });
    expect(changes).toEqual(['own-key', 'trust-list', 'trust-list', 'trust-list', 'trust-list']);
    await triad.close();
  }, 30_000);
});
