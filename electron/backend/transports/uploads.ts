import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TriadError } from '../../../shared/contract/errors.js';
import { formatBytes } from '../../../shared/format.js';

export const DEFAULT_MAX_UPLOAD_MB = 1024;
/** Long enough to preview a file and adjust its schema before importing it. */
export const DEFAULT_UPLOAD_KEEP_MS = 60 * 60 * 1000;

export interface UploadLimits {
  maxBytes: number;
  /** An upload no import has taken is deleted after this long. */
  keepMs: number;
}

export class UploadTooLargeError extends TriadError {
  constructor(name: string, maxBytes: number) {
    super(
      'invalid_input',
      `${name} is larger than the ${formatBytes(maxBytes)} upload limit (triad serve --max-upload-mb raises it)`,
    );
  }
}

/** The file's own name, without any folders a client put before it. */
function lastSegment(name: string): string {
  return basename(name.replaceAll('\\', '/'));
}

/** A file name safe to use on disk, keeping its extension (it tells the import its format). */
export function safeFileName(name: string): string {
  const cleaned = lastSegment(name)
    .replace(/[^\w.\- ]+/g, '_')
    .trim();
  return cleaned === '' || cleaned.startsWith('.') ? `upload${cleaned}` : cleaned;
}

function byteLimit(maxBytes: number, name: string): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > maxBytes ? new UploadTooLargeError(name, maxBytes) : null, chunk);
    },
  });
}

/** When an upload folder last changed: a file still arriving keeps changing. */
function lastModified(dir: string, now: number): number {
  const modified = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now;
  try {
    return Math.max(modified(dir), ...readdirSync(dir).map((entry) => modified(join(dir, entry))));
  } catch {
    return now;
  }
}

/**
 * Uploads exist only to reach the importer (a browser cannot hand over a file path), so each is
 * deleted as soon as an import has consumed it or failed, when nothing took it in time, and when
 * the server stops.
 */
export class UploadStore {
  /** Upload folders this server received, so stopping removes them and no other server's. */
  private readonly received = new Set<string>();
  /** Upload folders that running imports are reading, by job id. */
  private readonly claimed = new Map<string, string>();
  /** The name each upload had on the user's machine, by upload folder. */
  private readonly originalNames = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly root: string,
    private readonly limits: UploadLimits,
  ) {
    this.removeExpired();
    this.sweeper = setInterval(() => this.removeExpired(), Math.min(limits.keepMs, 60_000));
    this.sweeper.unref();
  }

  /** Streams an uploaded file to disk and returns its path; refuses one over the size limit. */
  async receive(request: IncomingMessage, name: string): Promise<string> {
    if (name.trim() === '') throw new TriadError('invalid_input', 'an upload needs a file name (?name=…)');
    const declared = Number(request.headers['content-length']);
    if (declared > this.limits.maxBytes) throw new UploadTooLargeError(name, this.limits.maxBytes);
    const dir = join(this.root, randomUUID());
    mkdirSync(dir, { recursive: true });
    this.received.add(dir);
    this.originalNames.set(dir, lastSegment(name).trim());
    const path = join(dir, safeFileName(name));
    try {
      await pipeline(request, byteLimit(this.limits.maxBytes, name), createWriteStream(path));
    } catch (error) {
      this.remove(dir);
      if (error instanceof UploadTooLargeError) throw error;
      throw new TriadError('invalid_input', `the upload of ${name} did not complete (${(error as Error).message})`);
    }
    return path;
  }

  /** The upload folder holding this path, when it is one this server received. */
  private uploadDir(path: string): string | null {
    const dir = dirname(path);
    const inside = relative(this.root, dir);
    return inside !== '' && !inside.includes(sep) && !inside.startsWith('..') && this.received.has(dir) ? dir : null;
  }

  /** What the user calls an uploaded file, e.g. `seattle-weather.csv (uploaded)`; null for any other path. */
  sourceName(path: string): string | null {
    const dir = this.uploadDir(path);
    const name = dir === null ? undefined : this.originalNames.get(dir);
    return name ? `${name} (uploaded)` : null;
  }

  /** An import started on this file: keep it until the import ends. */
  claim(jobId: string, path: string): void {
    const dir = this.uploadDir(path);
    if (dir !== null) this.claimed.set(jobId, dir);
  }

  /** The import ended, however it ended: its file has served its purpose. */
  release(jobId: string): void {
    const dir = this.claimed.get(jobId);
    if (dir === undefined) return;
    this.claimed.delete(jobId);
    this.remove(dir);
  }

  /** Deletes uploads older than the keep time that no running import is reading, left-overs of earlier runs included. */
  removeExpired(now = Date.now()): void {
    let entries: string[];
    try {
      entries = readdirSync(this.root);
    } catch {
      return;
    }
    const reading = new Set(this.claimed.values());
    for (const entry of entries) {
      const dir = join(this.root, entry);
      if (!reading.has(dir) && now - lastModified(dir, now) > this.limits.keepMs) this.remove(dir);
    }
  }

  /** The server stops: nothing it received is needed any more. */
  close(): void {
    clearInterval(this.sweeper);
    for (const dir of this.received) this.remove(dir);
    this.claimed.clear();
  }

  private remove(dir: string): void {
    this.received.delete(dir);
    this.originalNames.delete(dir);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A file another process still holds open (Windows) goes with a later sweep.
    }
  }
}
