import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { TriadError } from '../../../shared/contract/errors.js';

/** One entry to write: its bytes, or a file read when it is written. */
export type ArchiveEntry = { path: string; compress: boolean } & ({ bytes: Uint8Array } | { file: string });

/**
 * The zip format's first date, in local time: yazl writes an entry's time as local calendar
 * fields, so building it from local fields gives the same bytes in every time zone.
 */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
const MOST_COMPRESSION = 9;

/**
 * Writes entries to a zip in the order given, with fixed times, modes and compression, so the
 * same entries give the same bytes. Written under a temporary name and renamed into place: `out`
 * is either the whole archive or untouched.
 */
export async function writeArchive(
  out: string,
  entries: readonly ArchiveEntry[],
  onBytes: (written: number) => void = () => {},
  signal?: AbortSignal,
): Promise<number> {
  const zip = new ZipFile();
  for (const entry of entries) {
    const options = {
      mtime: FIXED_TIME,
      mode: FILE_MODE,
      forceDosTimestamp: true,
      compressionLevel: entry.compress ? MOST_COMPRESSION : 0,
    };
    if ('bytes' in entry) zip.addBuffer(Buffer.from(entry.bytes), entry.path, options);
    else zip.addFile(entry.file, entry.path, options);
  }
  // yazl reports a file it cannot read on the ZipFile itself: the output ends with that error.
  let failure: Error | null = null;
  zip.on('error', (error: Error) => {
    failure ??= error;
    zip.outputStream.emit('error', error);
  });
  zip.end();
  const temporary = `${out}.${process.pid}.partial`;
  let written = 0;
  zip.outputStream.on('data', (chunk: Buffer) => {
    written += chunk.length;
    onBytes(written);
  });
  try {
    await pipeline(zip.outputStream, createWriteStream(temporary, { mode: 0o644 }), { signal });
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (signal?.aborted) throw new TriadError('cancelled', 'the export was cancelled; no bundle was written');
    throw failure ?? error;
  }
  return written;
}
