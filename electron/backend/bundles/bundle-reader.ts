import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  BUNDLE_FORMAT_VERSION,
  BundleManifest,
  type BundleManifest as Manifest,
} from '../../../shared/contract/bundle-manifest.js';
import { TriadError } from '../../../shared/contract/errors.js';
import { bundleContentHash, MANIFEST_ENTRY, SIGNATURE_ENTRY } from './bundle-layout.js';
import { entryPathProblem, entryTypeProblem } from './entry-paths.js';

export interface BundleLimits {
  /** The largest entry, uncompressed. */
  maxEntryBytes: number;
  /** All entries together, uncompressed. */
  maxTotalBytes: number;
  maxEntries: number;
  /** The most an entry over a mebibyte may expand (uncompressed over compressed size). */
  maxCompressionRatio: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxEntryBytes: 2048 * MIB,
  maxTotalBytes: 8192 * MIB,
  maxEntries: 10_000,
  maxCompressionRatio: 200,
};

/** manifest.json and signature.json are read whole before anything else: they must be small. */
const MAX_MANIFEST_BYTES = 16 * MIB;
const MAX_SIGNATURE_BYTES = 64 * 1024;
/** Entries up to this size are kept in memory (definitions, runs, cards); larger ones are only hashed, or extracted. */
const IN_MEMORY_BYTES = 16 * MIB;

/** A bundle that cannot be trusted as written; the message says why, and nothing was written. */
export class BundleRefusedError extends TriadError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_input', `${file} was refused: ${reason}`);
  }
}

export interface VerifiedBundle {
  file: string;
  manifest: Manifest;
  /** The exact bytes of manifest.json, what a signature signs. */
  manifestBytes: Buffer;
  signatureBytes: Buffer | null;
  /** Entries small enough to keep in memory, by path. */
  small: Map<string, Buffer>;
  /** Larger entries written to `extractTo`, by path (only when it was given). */
  extracted: Map<string, string>;
}

interface ListedEntry {
  path: string;
  entry: Entry;
}

function startsLikeZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const read = readSync(fd, head, 0, 4, 0);
    return read === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

async function openZip(file: string): Promise<ZipFile> {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new TriadError('invalid_input', `${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof TriadError) throw error;
    throw new TriadError('not_found', `there is no bundle at ${file}`);
  }
  if (size === 0 || !startsLikeZip(file))
    throw new BundleRefusedError(file, 'it is not a zip archive (a bundle is one)');
  try {
    return await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw new BundleRefusedError(file, `it is not a readable zip archive (${(error as Error).message})`);
  }
}

function rawName(entry: Entry): Buffer {
  // With decodeStrings off, yauzl hands the name over as the bytes in the archive.
  return entry.fileName as unknown as Buffer;
}

/** Every entry of the central directory, each checked on its own before any is read. */
async function listEntries(file: string, zip: ZipFile, limits: BundleLimits): Promise<ListedEntry[]> {
  if (zip.entryCount > limits.maxEntries)
    throw new BundleRefusedError(file, `it has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
  const listed: ListedEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (;;) {
    const entry = await new Promise<Entry | null>((resolve, reject) => {
      zip.once('entry', resolve);
      zip.once('end', () => resolve(null));
      zip.once('error', reject);
      zip.readEntry();
    }).catch((error: Error) => {
      throw new BundleRefusedError(file, `its zip directory is damaged (${error.message})`);
    });
    zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
    if (!entry) return listed;
    const raw = rawName(entry);
    const shown = JSON.stringify(raw.toString('utf8'));
    const pathProblem = entryPathProblem(raw);
    if (pathProblem) throw new BundleRefusedError(file, `entry ${shown}: ${pathProblem}`);
    const path = raw.toString('utf8');
    const typeProblem = entryTypeProblem(entry.versionMadeBy, entry.externalFileAttributes);
    if (typeProblem) throw new BundleRefusedError(file, `entry ${shown}: ${typeProblem}`);
    if (entry.isEncrypted()) throw new BundleRefusedError(file, `entry ${shown} is encrypted`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      throw new BundleRefusedError(file, `entry ${shown} uses compression method ${entry.compressionMethod}`);
    if (seen.has(path.toLowerCase())) throw new BundleRefusedError(file, `entry ${shown} is in the archive twice`);
    seen.add(path.toLowerCase());
    if (entry.uncompressedSize > limits.maxEntryBytes)
      throw new BundleRefusedError(
        file,
        `entry ${shown} is ${entry.uncompressedSize} bytes, over the ${limits.maxEntryBytes}-byte limit for one entry`,
      );
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > MIB && ratio > limits.maxCompressionRatio)
      throw new BundleRefusedError(
        file,
        `entry ${shown} expands ${Math.round(ratio)} times (${entry.compressedSize} to ${entry.uncompressedSize} bytes), the mark of a zip bomb`,
      );
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new BundleRefusedError(file, `its entries add up to more than the ${limits.maxTotalBytes}-byte limit`);
    listed.push({ path, entry });
  }
}

async function openEntry(file: string, zip: ZipFile, listed: ListedEntry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(listed.entry);
  } catch (error) {
    throw new BundleRefusedError(file, `entry ${listed.path} cannot be read (${(error as Error).message})`);
  }
}

async function readWhole(file: string, zip: ZipFile, listed: ListedEntry, limit: number): Promise<Buffer> {
  if (listed.entry.uncompressedSize > limit)
    throw new BundleRefusedError(
      file,
      `${listed.path} is ${listed.entry.uncompressedSize} bytes, over its ${limit}-byte limit`,
    );
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await openEntry(file, zip, listed)) chunks.push(chunk as Buffer);
  } catch (error) {
    if (error instanceof BundleRefusedError) throw error;
    throw new BundleRefusedError(file, `entry ${listed.path} is damaged (${(error as Error).message})`);
  }
  return Buffer.concat(chunks);
}

function parseManifest(file: string, bytes: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BundleRefusedError(file, `its manifest.json is not JSON (${(error as Error).message})`);
  }
  const head = json as { format?: unknown; formatVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== 'triad-bundle')
    throw new BundleRefusedError(file, 'its manifest.json does not describe a Triad bundle');
  if (head.formatVersion !== BUNDLE_FORMAT_VERSION)
    throw new BundleRefusedError(
      file,
      `it is in bundle format version ${JSON.stringify(head.formatVersion)}, and this Triad reads version ${BUNDLE_FORMAT_VERSION} only`,
    );
  const parsed = BundleManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleRefusedError(
      file,
      `its manifest.json is malformed at ${issue?.path.join('.') || 'its top'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** The archive must hold exactly the manifest's entries (and the manifest, and a signature). */
function matchEntries(file: string, manifest: Manifest, listed: readonly ListedEntry[]): ListedEntry[] {
  const [first, ...rest] = listed;
  if (first?.path !== MANIFEST_ENTRY) throw new BundleRefusedError(file, `its first entry is not ${MANIFEST_ENTRY}`);
  const content = rest[0]?.path === SIGNATURE_ENTRY ? rest.slice(1) : rest;
  const declared = new Map(manifest.entries.map((entry) => [entry.path, entry]));
  for (const item of content) {
    const entry = declared.get(item.path);
    if (!entry) throw new BundleRefusedError(file, `entry ${item.path} is not in its manifest (an extra entry)`);
    if (entry.bytes !== item.entry.uncompressedSize)
      throw new BundleRefusedError(
        file,
        `entry ${item.path} is ${item.entry.uncompressedSize} bytes, and its manifest says ${entry.bytes}`,
      );
  }
  const present = new Set(content.map((item) => item.path));
  const missing = manifest.entries.find((entry) => !present.has(entry.path));
  if (missing)
    throw new BundleRefusedError(file, `its manifest lists ${missing.path}, which the archive does not hold`);
  if (bundleContentHash(manifest.entries) !== manifest.contentHash)
    throw new BundleRefusedError(file, 'its content hash does not match its entries');
  return content;
}

async function hashEntry(
  file: string,
  zip: ZipFile,
  listed: ListedEntry,
  keep: { small: Map<string, Buffer>; extracted: Map<string, string>; extractTo: string | undefined },
): Promise<string> {
  const hash = createHash('sha256');
  const stream = await openEntry(file, zip, listed);
  const chunks: Buffer[] | null = listed.entry.uncompressedSize <= IN_MEMORY_BYTES ? [] : null;
  const target = chunks === null && keep.extractTo ? join(keep.extractTo, listed.path) : null;
  const hashing = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      chunks?.push(chunk);
      yield chunk;
    }
  };
  try {
    if (target) {
      mkdirSync(dirname(target), { recursive: true });
      await pipeline(stream, hashing, createWriteStream(target, { flags: 'wx' }));
      keep.extracted.set(listed.path, target);
    } else {
      for await (const _ of hashing(stream)) {
        // hashed (and kept in memory when small) as it is read
      }
    }
  } catch (error) {
    throw new BundleRefusedError(file, `entry ${listed.path} is damaged (${(error as Error).message})`);
  }
  if (chunks) keep.small.set(listed.path, Buffer.concat(chunks));
  return hash.digest('hex');
}

/**
 * Reads a bundle and checks all of it before anyone uses it: every entry's name, type, size and
 * compression, the manifest, that the archive holds exactly the entries the manifest lists, and
 * each entry's SHA-256. Throws BundleRefusedError naming the first problem. Entries over 16 MiB are
 * written under `extractTo` when given (the caller removes that folder on failure).
 */
export async function readBundle(
  file: string,
  options: { limits?: BundleLimits; extractTo?: string } = {},
): Promise<VerifiedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const zip = await openZip(file);
  try {
    const listed = await listEntries(file, zip, limits);
    const manifestEntry = listed[0];
    if (manifestEntry?.path !== MANIFEST_ENTRY)
      throw new BundleRefusedError(file, `its first entry is not ${MANIFEST_ENTRY}`);
    const manifestBytes = await readWhole(file, zip, manifestEntry, MAX_MANIFEST_BYTES);
    const manifest = parseManifest(file, manifestBytes);
    const content = matchEntries(file, manifest, listed);
    const signatureEntry = listed[1]?.path === SIGNATURE_ENTRY ? listed[1] : null;
    const signatureBytes = signatureEntry ? await readWhole(file, zip, signatureEntry, MAX_SIGNATURE_BYTES) : null;
    const keep = {
      small: new Map<string, Buffer>(),
      extracted: new Map<string, string>(),
      extractTo: options.extractTo,
    };
    const declared = new Map(manifest.entries.map((entry) => [entry.path, entry.sha256]));
    for (const item of content) {
      const sha256 = await hashEntry(file, zip, item, keep);
      if (sha256 !== declared.get(item.path))
        throw new BundleRefusedError(
          file,
          `entry ${item.path} has SHA-256 ${sha256}, and its manifest says ${declared.get(item.path)}`,
        );
    }
    return { file, manifest, manifestBytes, signatureBytes, small: keep.small, extracted: keep.extracted };
  } finally {
    zip.close();
  }
}
