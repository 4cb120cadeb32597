import { closeSync, openSync, readSync, statSync } from 'node:fs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { TriadError } from '../../../shared/contract/errors.js';
import type { BundleLimits } from './bundle-limits.js';
import { MIB } from './bundle-limits.js';
import { BundleRefusedError } from './bundle-refused-error.js';
import { collisionKey, entryPathProblem, entryTypeProblem } from './entry-paths.js';

/** An entry of the zip's central directory whose name, type, size and place were all checked. */
export interface ListedEntry {
  path: string;
  entry: Entry;
}

const STORED = 0;
const DEFLATED = 8;

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

export async function openZip(file: string): Promise<ZipFile> {
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
    // Names stay bytes (decodeStrings off) so that every one is checked here, not rewritten by yauzl.
    return await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw new BundleRefusedError(file, `it is not a readable zip archive (${(error as Error).message})`);
  }
}

/**
 * Closes the zip and waits until its file is closed. Every stream opened from it must have ended
 * or been destroyed: each holds the file open.
 */
export async function closeZip(zip: ZipFile): Promise<void> {
  if (!zip.isOpen) return;
  const closed = new Promise<void>((resolve) => {
    zip.once('close', resolve);
    // A file that fails to close is no fault of the bundle, and nothing is left to do about it.
    zip.once('error', () => resolve());
  });
  zip.close();
  await closed;
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise<Entry | null>((resolve, reject) => {
    const done = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    const onEntry = (entry: Entry) => {
      done();
      resolve(entry);
    };
    const onEnd = () => {
      done();
      resolve(null);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

const shown = (raw: Buffer) => JSON.stringify(raw.toString('utf8'));

/** Why one central directory record cannot be a bundle entry, or null. */
function recordProblem(entry: Entry, limits: BundleLimits): string | null {
  const problem =
    entryPathProblem(entry.fileNameRaw) ?? entryTypeProblem(entry.versionMadeBy, entry.externalFileAttributes);
  if (problem) return problem;
  if (entry.isEncrypted()) return 'it is encrypted';
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)
    return `it uses compression method ${entry.compressionMethod} (a bundle uses only 0, stored, and 8, deflated)`;
  if (entry.uncompressedSize > limits.maxEntryBytes)
    return `it is ${entry.uncompressedSize} bytes, over the ${limits.maxEntryBytes}-byte limit for one entry`;
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > MIB && ratio > limits.maxCompressionRatio)
    return `it expands ${Math.round(ratio)} times (${entry.compressedSize} to ${entry.uncompressedSize} bytes), the mark of a zip bomb`;
  return null;
}

async function listEntries(file: string, zip: ZipFile, limits: BundleLimits): Promise<ListedEntry[]> {
  if (zip.entryCount > limits.maxEntries)
    throw new BundleRefusedError(file, `it has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
  const listed: ListedEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (;;) {
    const entry = await nextEntry(zip).catch((error: Error) => {
      throw new BundleRefusedError(file, `its zip directory is damaged (${error.message})`);
    });
    if (!entry) return listed;
    const problem = recordProblem(entry, limits);
    if (problem) throw new BundleRefusedError(file, `entry ${shown(entry.fileNameRaw)}: ${problem}`);
    const path = entry.fileNameRaw.toString('utf8');
    if (seen.has(collisionKey(path)))
      throw new BundleRefusedError(file, `entry ${shown(entry.fileNameRaw)} is in the archive twice`);
    seen.add(collisionKey(path));
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new BundleRefusedError(file, `its entries add up to more than the ${limits.maxTotalBytes}-byte limit`);
    listed.push({ path, entry });
  }
}

/** Unpacked, "a" and "a/b" cannot both be: one would have to be a file and a folder. */
function refuseFileFolderClash(file: string, listed: readonly ListedEntry[]): void {
  const files = new Set(listed.map((item) => collisionKey(item.path)));
  for (const { path } of listed) {
    const parts = path.split('/');
    for (let end = 1; end < parts.length; end++) {
      const folder = parts.slice(0, end).join('/');
      if (files.has(collisionKey(folder)))
        throw new BundleRefusedError(
          file,
          `entry ${path} is inside ${folder}, which would be both a file and a folder`,
        );
    }
  }
}

/** Small entries of zeros each pass the per-entry ratio; together they are still a bomb. */
function refuseExpandingArchive(file: string, fileSize: number, listed: readonly ListedEntry[], limits: BundleLimits) {
  const total = listed.reduce((sum, item) => sum + item.entry.uncompressedSize, 0);
  const ratio = total / Math.max(fileSize, 1);
  if (total > MIB && ratio > limits.maxCompressionRatio)
    throw new BundleRefusedError(
      file,
      `its entries expand ${Math.round(ratio)} times (${fileSize} to ${total} bytes), the mark of a zip bomb`,
    );
}

/**
 * Every entry's local header must name it as the central directory does, and no two entries may
 * share bytes: records pointing at the same data are how a small zip unpacks to terabytes.
 */
async function refuseSharedData(file: string, zip: ZipFile, listed: readonly ListedEntry[], directoryStart: number) {
  const spans: { path: string; start: number; end: number }[] = [];
  const misnamed: string[] = [];
  for (const { path, entry } of listed) {
    const header = await zip.readLocalFileHeaderPromise(entry).catch((error: Error) => {
      throw new BundleRefusedError(file, `entry ${path}: its local header is damaged (${error.message})`);
    });
    if (!header.fileName.equals(entry.fileNameRaw)) misnamed.push(path);
    spans.push({ path, start: entry.relativeOffsetOfLocalHeader, end: header.fileDataStart + entry.compressedSize });
  }
  spans.sort((a, b) => a.start - b.start);
  for (const [index, span] of spans.entries()) {
    const before = spans[index - 1];
    if (before && span.start < before.end)
      throw new BundleRefusedError(
        file,
        `entries ${before.path} and ${span.path} overlap in the archive (shared data)`,
      );
    if (span.end > directoryStart) throw new BundleRefusedError(file, `entry ${span.path} overlaps the zip directory`);
  }
  if (misnamed[0]) throw new BundleRefusedError(file, `entry ${misnamed[0]} has another name in its local header`);
}

/**
 * Every entry of the central directory, checked before any entry's data is read: names, types,
 * compression, sizes, ratios, collisions, and that entries neither share bytes nor overlap.
 */
export async function readDirectory(file: string, zip: ZipFile, limits: BundleLimits): Promise<ListedEntry[]> {
  // yauzl's types call this a boolean; before the first entry is read it is where the directory starts.
  const directoryStart = zip.readEntryCursor as unknown as number;
  const listed = await listEntries(file, zip, limits);
  refuseFileFolderClash(file, listed);
  refuseExpandingArchive(file, zip.fileSize, listed, limits);
  await refuseSharedData(file, zip, listed, directoryStart);
  return listed;
}
