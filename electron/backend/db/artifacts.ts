import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writevSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ARTIFACTS_DIR } from './project-folder.js';

export interface StoredArtifact {
  /** SHA-256 of the bytes, hex: the file's name. */
  contentHash: string;
  /** Where it is, relative to the project folder (as records keep it). */
  artifact: string;
  path: string;
}

/**
 * Puts content at artifacts/<kind>/<sha256>.<extension> unless it is there already: written under
 * a temporary name and renamed into place, so a file of that name always holds those whole bytes.
 */
function keepOnce(
  projectDir: string,
  kind: string,
  extension: string,
  contentHash: string,
  write: (temporary: string) => void,
): StoredArtifact {
  const dir = join(projectDir, ARTIFACTS_DIR, kind);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${contentHash}.${extension}`);
  if (!existsSync(path)) {
    const temporary = `${path}.${process.pid}.tmp`;
    write(temporary);
    renameSync(temporary, path);
  }
  return { contentHash, artifact: relative(projectDir, path), path };
}

/**
 * Keeps bytes (or a file's parts, one after another) as a content-addressed file of the project;
 * storing the same bytes again writes nothing.
 */
export function storeArtifact(
  projectDir: string,
  kind: string,
  extension: string,
  bytes: Uint8Array | readonly Uint8Array[],
): StoredArtifact {
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return keepOnce(projectDir, kind, extension, hash.digest('hex'), (temporary) => writeParts(temporary, parts));
}

/** Writes parts one after another as a file. */
function writeParts(path: string, parts: readonly Uint8Array[]): void {
  if (parts.length === 1) {
    writeFileSync(path, parts[0] as Uint8Array);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    // writev takes at most IOV_MAX (1,024) buffers a call, and may write fewer bytes than given.
    for (let first = 0; first < parts.length; first += 1024) writeAll(fd, parts.slice(first, first + 1024));
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, parts: readonly Uint8Array[]): void {
  const pending = [...parts];
  while (pending.length > 0) {
    let written = writevSync(fd, pending);
    while (pending.length > 0 && written >= (pending[0] as Uint8Array).length) {
      written -= (pending[0] as Uint8Array).length;
      pending.shift();
    }
    if (pending.length > 0 && written > 0) pending[0] = (pending[0] as Uint8Array).subarray(written);
  }
}

/** The SHA-256 of a file, read in chunks. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Keeps a copy of a file (read in chunks, never whole in memory) as a content-addressed file of the project. */
export async function storeArtifactFile(
  projectDir: string,
  kind: string,
  extension: string,
  file: string,
): Promise<StoredArtifact> {
  const contentHash = await fileSha256(file);
  return keepOnce(projectDir, kind, extension, contentHash, (temporary) => copyFileSync(file, temporary));
}

/** What a record says of a stored artifact: its hash (its file's name), size and place in the project. */
export function describeArtifact(
  projectDir: string,
  name: string,
  artifact: string,
): { name: string; sha256: string; bytes: number; path: string } {
  return {
    name,
    sha256: basename(artifact).replace(/\..*$/, ''),
    bytes: statSync(join(projectDir, artifact)).size,
    path: artifact,
  };
}
