import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../../backend/test-support/temporary-folder.js';

// The built CLI: the unit tests' global setup builds it when a source is newer.
const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'electron', 'cli', 'triad.js');

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function triad(home: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TRIAD_HOME: home },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function triadOk(home: string, args: string[]): string {
  const result = triad(home, args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('triad keys', () => {
  it('makes a key, shares its line, and a teammate trusts it and requires signatures', { timeout: 60_000 }, () => {
    const alice = temporaryFolder('alice');
    const bob = temporaryFolder('bob');
    const project = join(bob, 'project');
    triadOk(bob, ['init', project]);

    expect(triad(alice, ['keys', 'show']).stderr).toContain(
      'you have no bundle signing key yet: run `triad keys create`',
    );
    const created = JSON.parse(triadOk(alice, ['keys', 'create', '--name', 'Alice Martin', '--json']));
    expect(created.privateKeyFile).toBe(join(alice, 'keys', 'bundle-signing.key'));
    expect(triad(alice, ['keys', 'create']).stderr).toContain('you already have a bundle signing key');
    const line = triadOk(alice, ['keys', 'show']).trim();
    expect(line).toBe(created.publicKeyLine);

    expect(triad(bob, ['keys', 'require-signature', 'on', '--project', project]).stderr).toContain(
      "trust a teammate's key first",
    );
    const file = join(bob, 'alice.pub');
    writeFileSync(file, `${line}\n`);
    expect(triadOk(bob, ['keys', 'trust', file, '--project', project])).toBe(
      `Trusted Alice Martin (key ID ${created.keyId}).\n`,
    );
    triadOk(bob, ['keys', 'trust', line, '--name', 'Alice', '--project', project]);
    triadOk(bob, ['keys', 'require-signature', 'on', '--project', project]);
    const list = JSON.parse(triadOk(bob, ['keys', 'list', '--project', project, '--json']));
    expect(list).toEqual({
      keys: [{ keyId: created.keyId, name: 'Alice', publicKey: expect.any(String), addedAt: expect.any(String) }],
      requireSignature: true,
    });
    expect(triadOk(bob, ['keys', 'list', '--project', project])).toContain(
      'Imported bundles must carry a trusted signature: yes',
    );
    triadOk(bob, ['keys', 'require-signature', 'off', '--project', project]);
    expect(triadOk(bob, ['keys', 'untrust', created.keyId, '--project', project])).toContain(
      'No longer trusting Alice',
    );
    expect(triad(bob, ['keys', 'untrust', created.keyId, '--project', project]).stderr).toContain(
      `no trusted key has the ID ${created.keyId}`,
    );
    expect(triad(bob, ['keys', 'trust', 'nonsense', '--project', project]).stderr).toContain(
      'nonsense is neither a public key line',
    );
  });
});
