import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { OwnSigningKey } from '../../../shared/contract/signing-keys.js';
import {
  createSigningKey,
  parsePublicKeyLine,
  publicKeyLine,
  type SigningKey,
  signingKeyFromPem,
} from './bundle-signing.js';

/** Where the user's own key pair lives in the app-data folder. */
export function signingKeyFiles(appDataDir: string): { privateKey: string; publicKey: string } {
  const folder = join(appDataDir, 'keys');
  return { privateKey: join(folder, 'bundle-signing.key'), publicKey: join(folder, 'bundle-signing.pub') };
}

/** Written whole or not at all; the private key readable by its owner only. */
function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, file);
}

export function saveSigningKey(appDataDir: string, key: SigningKey, options: { replace: boolean }): void {
  const files = signingKeyFiles(appDataDir);
  if (!options.replace && (existsSync(files.privateKey) || existsSync(files.publicKey)))
    throw new TriadError(
      'already_exists',
      `you already have a bundle signing key (${files.privateKey}); replace it only on purpose: teammates who trust it will not trust what the new one signs`,
    );
  mkdirSync(join(appDataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeAtomically(files.privateKey, key.privateKeyPem, 0o600);
  writeAtomically(files.publicKey, `${publicKeyLine(key)}\n`, 0o644);
}

function damaged(file: string, reason: string): TriadError {
  return new TriadError(
    'invalid_input',
    `the bundle signing key file ${file} is damaged: ${reason}; restore it, or make a new key (triad keys create --replace)`,
  );
}

/** The user's own key, or null when none was made; a damaged or mismatched pair is an error naming the file. */
export function loadSigningKey(appDataDir: string): SigningKey | null {
  const files = signingKeyFiles(appDataDir);
  const hasPrivate = existsSync(files.privateKey);
  const hasPublic = existsSync(files.publicKey);
  if (!hasPrivate && !hasPublic) return null;
  if (!hasPrivate) throw damaged(files.privateKey, `it is missing, while ${files.publicKey} is there`);
  if (!hasPublic) throw damaged(files.publicKey, `it is missing, while ${files.privateKey} is there`);
  let line: ReturnType<typeof parsePublicKeyLine>;
  try {
    line = parsePublicKeyLine(readFileSync(files.publicKey, 'utf8'));
  } catch (error) {
    throw damaged(files.publicKey, (error as Error).message);
  }
  let key: SigningKey;
  try {
    key = signingKeyFromPem(readFileSync(files.privateKey, 'utf8'), line.name);
  } catch (error) {
    throw damaged(files.privateKey, (error as Error).message);
  }
  if (key.publicKey !== line.publicKey)
    throw damaged(
      files.publicKey,
      `its key (${line.keyId}) is not the public half of ${files.privateKey} (${key.keyId})`,
    );
  return key;
}

/** Makes the user's key pair and keeps it; an existing one is replaced only when asked. */
export function createOwnSigningKey(appDataDir: string, name: string, options: { replace: boolean }): OwnSigningKey {
  const key = createSigningKey(name);
  saveSigningKey(appDataDir, key, options);
  return describeOwnKey(key);
}

/** The user's key as it is shown and shared: never its private half. */
export function ownSigningKey(appDataDir: string): OwnSigningKey | null {
  const key = loadSigningKey(appDataDir);
  return key && describeOwnKey(key);
}

function describeOwnKey(key: SigningKey): OwnSigningKey {
  return { name: key.name, keyId: key.keyId, publicKeyLine: publicKeyLine(key) };
}
