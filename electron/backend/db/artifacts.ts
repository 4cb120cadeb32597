import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ARTIFACTS_DIR } from './project-folder.js';

export interface StoredArtifact {
  /** SHA-256 of the bytes, hex: the file's name. */
  contentHash: string;
  /** Where it is, relative to the project folder (as records keep it). */
  artifact: string;
  path: string;
}

/**
 * Keeps bytes as a content-addressed file of the project (artifacts/<kind>/<sha256>.<extension>),
 * written under a temporary name and renamed into place, so a file of that name always holds
 * those whole bytes; storing the same bytes again writes nothing.
 */
export function storeArtifact(projectDir: string, kind: string, extension: string, bytes: Uint8Array): StoredArtifact {
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const dir = join(projectDir, ARTIFACTS_DIR, kind);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${contentHash}.${extension}`);
  if (!existsSync(path)) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  }
  return { contentHash, artifact: relative(projectDir, path), path };
}
