import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TriadError } from '../../../shared/contract/errors.js';

const KEEP_MS = 24 * 60 * 60 * 1000;

/** A file name safe to use on disk, keeping its extension (it tells the import its format). */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/'))
    .replace(/[^\w.\- ]+/g, '_')
    .trim();
  return cleaned === '' || cleaned.startsWith('.') ? `upload${cleaned}` : cleaned;
}

/** Streams an uploaded file to disk under the uploads folder and returns its path. */
export async function receiveUpload(request: IncomingMessage, uploadsDir: string, name: string): Promise<string> {
  if (name.trim() === '') throw new TriadError('invalid_input', 'an upload needs a file name (?name=…)');
  const dir = join(uploadsDir, randomUUID());
  mkdirSync(dir, { recursive: true });
  const path = join(dir, safeFileName(name));
  try {
    await pipeline(request, createWriteStream(path));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new TriadError('invalid_input', `the upload of ${name} did not complete (${(error as Error).message})`);
  }
  return path;
}

/** Uploads are only a way to reach the importer: drop those older than a day. */
export function removeStaleUploads(uploadsDir: string, now = Date.now()): void {
  let entries: string[];
  try {
    entries = readdirSync(uploadsDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(uploadsDir, entry);
    if (now - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
  }
}
