/** The longest entry path a bundle may hold. */
const MAX_PATH_LENGTH = 512;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

/**
 * Why an entry's name cannot be a bundle path, or null when it can: a relative path of
 * UTF-8 names separated by `/`, never leaving the folder it is unpacked into.
 */
export function entryPathProblem(raw: Uint8Array): string | null {
  let path: string;
  try {
    path = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return 'its name is not UTF-8';
  }
  if (path.length === 0) return 'its name is empty';
  if (path.length > MAX_PATH_LENGTH) return `its name is longer than ${MAX_PATH_LENGTH} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'its name holds a control character';
  if (path.includes('\\')) return 'its name holds a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'it is an absolute path';
  // Elsewhere a colon names an NTFS alternate stream: the bytes would be hidden beside another file.
  if (path.includes(':')) return 'its name holds a colon (:)';
  if (path.endsWith('/')) return 'it is a folder entry (bundles hold only files)';
  const parts = path.split('/');
  if (parts.includes('..')) return 'its path climbs out of the bundle (..)';
  if (parts.some((part) => part === '' || part === '.')) return 'its path has an empty or "." folder';
  // Windows drops a part's trailing dots and spaces, so "... " could become "..", or two names one.
  if (parts.some((part) => /[. ]$/.test(part))) return 'a part of its path ends in a dot or space';
  return null;
}

/**
 * The form two names share when a file system may take them for the same file: macOS and
 * Windows ignore case, macOS also Unicode normalisation.
 */
export function collisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** Why an entry's recorded file type is not a regular file (a link, a device), or null. */
export function entryTypeProblem(versionMadeBy: number, externalFileAttributes: number): string | null {
  if (versionMadeBy >>> 8 !== MADE_BY_UNIX) return null;
  const type = (externalFileAttributes >>> 16) & S_IFMT;
  if (type === 0 || type === S_IFREG) return null;
  return type === S_IFLNK ? 'it is a symbolic link' : 'it is not a regular file';
}
