import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ZipFile } from 'yauzl';
import {
  BUNDLE_FORMAT_VERSION,
  BundleManifest,
  type BundleManifest as Manifest,
} from '../../../shared/contract/bundle-manifest.js';
import { bundleContentHash, MANIFEST_ENTRY, SIGNATURE_ENTRY } from './bundle-layout.js';
import { type BundleLimits, DEFAULT_BUNDLE_LIMITS, MIB } from './bundle-limits.js';
import { BundleRefusedError } from './bundle-refused-error.js';
import { Extraction, ExtractionWriteError } from './entry-extraction.js';
import { closeZip, type ListedEntry, openZip, readDirectory } from './zip-directory.js';

/** manifest.json and signature.json are read whole before anything else: they must be small. */
const MAX_MANIFEST_BYTES = 16 * MIB;
const MAX_SIGNATURE_BYTES = 64 * 1024;
/** Entries up to this size are kept in memory (definitions, runs, cards); larger ones are only hashed, or extracted. */
const IN_MEMORY_BYTES = 16 * MIB;
/** All the entries kept in memory together. */
const MAX_IN_MEMORY_TOTAL = 1024 * MIB;

export type { BundleLimits };
export { BundleRefusedError, DEFAULT_BUNDLE_LIMITS };

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

async function openEntry(file: string, zip: ZipFile, listed: ListedEntry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(listed.entry);
  } catch (error) {
    throw new BundleRefusedError(file, `entry ${listed.path} cannot be read (${(error as Error).message})`);
  }
}

/** Reads an entry through `consume`; the stream is destroyed after, whatever happened (it holds the file open). */
async function withEntryStream<T>(
  file: string,
  zip: ZipFile,
  listed: ListedEntry,
  consume: (stream: Readable) => Promise<T>,
): Promise<T> {
  const stream = await openEntry(file, zip, listed);
  try {
    return await consume(stream);
  } catch (error) {
    if (error instanceof BundleRefusedError || error instanceof ExtractionWriteError) throw error;
    throw new BundleRefusedError(file, `entry ${listed.path} is damaged (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
}

async function readWhole(file: string, zip: ZipFile, listed: ListedEntry, limit: number): Promise<Buffer> {
  if (listed.entry.uncompressedSize > limit)
    throw new BundleRefusedError(
      file,
      `${listed.path} is ${listed.entry.uncompressedSize} bytes, over its ${limit}-byte limit`,
    );
  return await withEntryStream(file, zip, listed, async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  });
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

function refuseManifestListing(file: string, manifest: Manifest, content: readonly ListedEntry[]): void {
  const listed = new Set<string>();
  for (const entry of manifest.entries) {
    if (listed.has(entry.path)) throw new BundleRefusedError(file, `its manifest lists ${entry.path} twice`);
    listed.add(entry.path);
  }
  const present = new Set(content.map((item) => item.path));
  const missing = manifest.entries.find((entry) => !present.has(entry.path));
  if (missing)
    throw new BundleRefusedError(file, `its manifest lists ${missing.path}, which the archive does not hold`);
}

/** The archive must hold exactly the manifest's entries, in its order (and the manifest, and a signature). */
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
  refuseManifestListing(file, manifest, content);
  const outOfOrder = content.findIndex((item, index) => manifest.entries[index]?.path !== item.path);
  if (outOfOrder !== -1)
    throw new BundleRefusedError(
      file,
      `its manifest lists its entries not in the order of the archive (${content[outOfOrder]?.path} is entry ${outOfOrder + 1} of the archive)`,
    );
  if (bundleContentHash(manifest.entries) !== manifest.contentHash)
    throw new BundleRefusedError(file, 'its content hash does not match its entries');
  return content;
}

function refuseMemoryOverrun(file: string, content: readonly ListedEntry[]): void {
  const inMemory = content
    .map((item) => item.entry.uncompressedSize)
    .filter((bytes) => bytes <= IN_MEMORY_BYTES)
    .reduce((sum, bytes) => sum + bytes, 0);
  if (inMemory > MAX_IN_MEMORY_TOTAL)
    throw new BundleRefusedError(
      file,
      `its entries of up to ${IN_MEMORY_BYTES} bytes add up to ${inMemory} bytes, more than the ${MAX_IN_MEMORY_TOTAL} kept in memory`,
    );
}

interface Kept {
  small: Map<string, Buffer>;
  extracted: Map<string, string>;
  extraction: Extraction | null;
}

/** An entry's SHA-256, keeping it in memory when small, or writing it out when large and asked to. */
async function hashEntry(file: string, zip: ZipFile, listed: ListedEntry, keep: Kept): Promise<string> {
  const hash = createHash('sha256');
  const chunks: Buffer[] | null = listed.entry.uncompressedSize <= IN_MEMORY_BYTES ? [] : null;
  const hashing = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      chunks?.push(chunk);
      yield chunk;
    }
  };
  await withEntryStream(file, zip, listed, async (stream) => {
    if (chunks === null && keep.extraction)
      keep.extracted.set(listed.path, await keep.extraction.write(listed.path, stream, hashing));
    else
      for await (const _ of hashing(stream)) {
        // hashed (and kept in memory when small) as it is read
      }
  });
  if (chunks) keep.small.set(listed.path, Buffer.concat(chunks));
  return hash.digest('hex');
}

async function verify(
  file: string,
  zip: ZipFile,
  limits: BundleLimits,
  extraction: Extraction | null,
): Promise<VerifiedBundle> {
  const listed = await readDirectory(file, zip, limits);
  const manifestEntry = listed[0];
  if (manifestEntry?.path !== MANIFEST_ENTRY)
    throw new BundleRefusedError(file, `its first entry is not ${MANIFEST_ENTRY}`);
  const manifestBytes = await readWhole(file, zip, manifestEntry, MAX_MANIFEST_BYTES);
  const manifest = parseManifest(file, manifestBytes);
  const content = matchEntries(file, manifest, listed);
  refuseMemoryOverrun(file, content);
  const signatureEntry = listed[1]?.path === SIGNATURE_ENTRY ? listed[1] : null;
  const signatureBytes = signatureEntry ? await readWhole(file, zip, signatureEntry, MAX_SIGNATURE_BYTES) : null;
  const keep: Kept = { small: new Map(), extracted: new Map(), extraction };
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
}

/**
 * Reads a bundle and checks all of it before anyone uses it: every entry's name, type, size and
 * compression, that no two entries share bytes, the manifest, that the archive holds exactly the
 * entries the manifest lists, and each entry's SHA-256. No entry's data is read before the whole
 * zip directory passed. Throws BundleRefusedError naming the first problem.
 *
 * Entries over 16 MiB are written under `extractTo` when given (made when missing). When the
 * bundle is refused, or anything else fails, every file and folder it wrote there is removed
 * again, and what was there before is left. The bundle file is closed when it returns or throws.
 */
export async function readBundle(
  file: string,
  options: { limits?: BundleLimits; extractTo?: string } = {},
): Promise<VerifiedBundle> {
  const zip = await openZip(file);
  const extraction = options.extractTo ? new Extraction(options.extractTo) : null;
  try {
    return await verify(file, zip, options.limits ?? DEFAULT_BUNDLE_LIMITS, extraction);
  } catch (error) {
    extraction?.undo();
    throw error;
  } finally {
    await closeZip(zip);
  }
}
