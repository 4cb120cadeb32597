import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TrustedKey } from '../../../shared/contract/signing-keys.js';

export interface SigningKey {
  name: string;
  keyId: string;
  /** Base64 of the raw 32-byte ed25519 public key. */
  publicKey: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

/** `signature.json` of a signed bundle: an ed25519 signature over the exact bytes of its `manifest.json`. */
export interface BundleSignature {
  format: 1;
  algorithm: 'ed25519';
  signer: string;
  keyId: string;
  publicKey: string;
  /** Base64 of the 64-byte signature. */
  signature: string;
}

export interface SignatureVerdict {
  /** The signature is well formed and matches the manifest's bytes. */
  valid: boolean;
  /** Valid, and made by a key the project trusts. */
  trusted: boolean;
  signer: string;
  keyId: string;
  /** The name the project gave the trusted key that made it. */
  trustedAs: string | null;
  /** Why it is not valid, or not trusted; null when it is both. */
  problem: string | null;
}

export const PUBLIC_KEY_PREFIX = 'triad-ed25519';
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const SIGNATURE_FIELDS = ['format', 'algorithm', 'signer', 'keyId', 'publicKey', 'signature'] as const;

/** Decodes canonical base64 only: Buffer.from(…, 'base64') skips characters it does not know. */
function strictBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** The raw key's bytes, or why the text is not an ed25519 public key. */
function decodePublicKey(publicKeyBase64: string): Buffer | string {
  const bytes = strictBase64(publicKeyBase64);
  if (!bytes) return 'the public key is not base64';
  if (bytes.length !== PUBLIC_KEY_BYTES)
    return `the public key is ${bytes.length} bytes long; an ed25519 public key is ${PUBLIC_KEY_BYTES}`;
  return bytes;
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function rawPublicKey(key: KeyObject): Buffer {
  const { x } = key.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

function checkKeyName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new TriadError('invalid_input', 'a key needs a name (yours, as teammates will see it)');
  if (/[\r\n]/.test(trimmed)) throw new TriadError('invalid_input', 'a key name is one line');
  return trimmed;
}

/** Shown as `ab12cd34ef56ab78`: the first 16 hex digits of the SHA-256 of the raw public key. */
export function keyIdOf(publicKeyBase64: string): string {
  const raw = decodePublicKey(publicKeyBase64);
  if (typeof raw === 'string') throw new TriadError('invalid_input', raw);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function createSigningKey(name: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyBase64 = rawPublicKey(publicKey).toString('base64');
  return {
    name: checkKeyName(name),
    keyId: keyIdOf(publicKeyBase64),
    publicKey: publicKeyBase64,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/**
 * The signing key a PKCS#8 PEM holds, named `name`; throws a plain Error saying what is wrong,
 * for the caller to name the file.
 */
export function signingKeyFromPem(privateKeyPem: string, name: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch {
    throw new Error('it is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`it holds an ${privateKey.asymmetricKeyType ?? 'unknown'} key, not an ed25519 one`);
  const publicKey = rawPublicKey(createPublicKey(privateKey)).toString('base64');
  return { name, keyId: keyIdOf(publicKey), publicKey, privateKeyPem };
}

/** The line a teammate pastes to trust the key, like an SSH public key: `triad-ed25519 BASE64 NAME`. */
export function publicKeyLine(key: Pick<SigningKey, 'publicKey' | 'name'>): string {
  return `${PUBLIC_KEY_PREFIX} ${key.publicKey} ${key.name}`;
}

export function parsePublicKeyLine(text: string): { publicKey: string; name: string; keyId: string } {
  const line = text.trim();
  if (!line)
    throw new TriadError('invalid_input', `the public key line is empty: expected "${PUBLIC_KEY_PREFIX} KEY NAME"`);
  if (/[\r\n]/.test(line))
    throw new TriadError('invalid_input', 'a public key is one line: paste only the line `triad keys show` prints');
  const match = /^(\S+)(?:\s+(\S+))?(?:\s+(.*))?$/.exec(line);
  const [, prefix = '', publicKey = '', rest = ''] = match ?? [];
  if (prefix !== PUBLIC_KEY_PREFIX)
    throw new TriadError(
      'invalid_input',
      `a Triad public key line starts with "${PUBLIC_KEY_PREFIX}", not "${prefix.slice(0, 40)}": paste the line \`triad keys show\` prints`,
    );
  if (!publicKey) throw new TriadError('invalid_input', `the public key line has no key after "${PUBLIC_KEY_PREFIX}"`);
  const raw = decodePublicKey(publicKey);
  if (typeof raw === 'string') throw new TriadError('invalid_input', `the public key line is damaged: ${raw}`);
  const name = rest.trim();
  if (!name)
    throw new TriadError(
      'invalid_input',
      `the public key line has no name after the key: expected "${PUBLIC_KEY_PREFIX} KEY NAME"`,
    );
  return { publicKey, name, keyId: keyIdOf(publicKey) };
}

/** Deterministic: the same manifest bytes and key give the same signature. */
export function signManifest(manifestBytes: Uint8Array, key: SigningKey): BundleSignature {
  const signature = sign(null, manifestBytes, createPrivateKey(key.privateKeyPem));
  return {
    format: 1,
    algorithm: 'ed25519',
    signer: key.name,
    keyId: key.keyId,
    publicKey: key.publicKey,
    signature: signature.toString('base64'),
  };
}

function signatureProblem(fields: Record<string, unknown>): string | null {
  const unknown = Object.keys(fields).filter((field) => !(SIGNATURE_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`;
  const missing = SIGNATURE_FIELDS.filter((field) => !Object.hasOwn(fields, field));
  if (missing.length > 0) return `missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
  if (fields.format !== 1) return `format is ${JSON.stringify(fields.format)}; this Triad reads format 1`;
  if (fields.algorithm !== 'ed25519')
    return `algorithm is ${JSON.stringify(fields.algorithm)}; Triad signs with "ed25519"`;
  for (const field of ['signer', 'keyId', 'publicKey', 'signature'] as const) {
    if (typeof fields[field] !== 'string') return `${field} is not a string`;
  }
  if (!(fields.signer as string).trim()) return 'signer is empty';
  const raw = decodePublicKey(fields.publicKey as string);
  if (typeof raw === 'string') return raw.replace('the public key', 'publicKey');
  const keyId = keyIdOf(fields.publicKey as string);
  if (fields.keyId !== keyId) return `keyId ${JSON.stringify(fields.keyId)} is not the ID of publicKey (${keyId})`;
  const signature = strictBase64(fields.signature as string);
  if (!signature) return 'signature is not base64';
  if (signature.length !== SIGNATURE_BYTES)
    return `signature is ${signature.length} bytes long; an ed25519 signature is ${SIGNATURE_BYTES}`;
  return null;
}

/** Reads `signature.json` strictly: exactly its fields, of their types, format 1, ed25519, a keyId that is the key's. */
export function parseSignatureEntry(bytes: Uint8Array): BundleSignature {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new TriadError('invalid_input', `signature.json is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new TriadError('invalid_input', 'signature.json is not a JSON object');
  const problem = signatureProblem(parsed as Record<string, unknown>);
  if (problem) throw new TriadError('invalid_input', `signature.json: ${problem}`);
  return parsed as BundleSignature;
}

/**
 * Whether `signature` signs these exact manifest bytes, and whether a trusted key made it. Never
 * throws: a signature that is malformed, made by another key or over other bytes is not valid,
 * and `problem` says why.
 */
export function signatureVerdict(
  manifestBytes: Uint8Array,
  signature: BundleSignature,
  trusted: readonly TrustedKey[],
): SignatureVerdict {
  const fields: Record<string, unknown> =
    typeof signature === 'object' && signature !== null ? (signature as unknown as Record<string, unknown>) : {};
  const signer = typeof fields.signer === 'string' ? fields.signer : '';
  const keyId = typeof fields.keyId === 'string' ? fields.keyId : '';
  const verdict = (valid: boolean, trustedAs: string | null, problem: string | null): SignatureVerdict => ({
    valid,
    trusted: trustedAs !== null,
    signer,
    keyId,
    trustedAs,
    problem,
  });
  const malformed = signatureProblem(fields);
  if (malformed) return verdict(false, null, `the signature is malformed: ${malformed}`);
  const { publicKey } = signature;
  let matches: boolean;
  try {
    const raw = Buffer.from(publicKey, 'base64');
    matches = verify(null, manifestBytes, publicKeyObject(raw), Buffer.from(signature.signature, 'base64'));
  } catch (error) {
    return verdict(false, null, `the signature could not be checked: ${(error as Error).message}`);
  }
  if (!matches)
    return verdict(
      false,
      null,
      `the signature by ${signer} (key ${keyId}) does not match the manifest: the bundle was changed after it was signed, or the signature was not made by this key`,
    );
  const trustedKey = trusted.find((key) => key.keyId === keyId && key.publicKey === publicKey);
  if (!trustedKey) return verdict(true, null, `signed by ${signer} (key ${keyId}), a key this project does not trust`);
  return verdict(true, trustedKey.name, null);
}
