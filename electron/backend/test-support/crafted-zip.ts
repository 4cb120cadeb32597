import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import { bundleContentHash, MANIFEST_ENTRY } from '../bundles/bundle-layout.js';

/**
 * Zip archives written byte by byte, so tests can make what no honest writer makes: hostile
 * names, links, lying sizes, entries sharing data. Every field a test does not set is what an
 * honest writer would put there.
 */
export interface CraftedEntry {
  /** The name's bytes as written (a string is written as UTF-8). */
  name: string | Uint8Array;
  data: Uint8Array;
  /** Deflated (the default) or stored; a number is written as the method and the data kept raw. */
  method?: 'deflated' | 'stored' | number;
  /** A Unix file mode (0o120777 for a link): written as made-by Unix with the mode in the high 16 bits. */
  unixMode?: number;
  /** General purpose flags (0x1: encrypted); bit 11 (UTF-8 names) is always set. */
  flags?: number;
  /** The uncompressed size the headers claim, when it is not the truth. */
  declaredSize?: number;
  /** The name its local header gives, when it is not the central directory's. */
  localName?: string;
  /** Makes this entry's central record point at an earlier entry's local header and data. */
  sameDataAs?: number;
}

export interface CraftOptions {
  /** The entry count the end record claims, when it is not the truth. */
  declaredEntryCount?: number;
}

const UTF8_NAMES = 0x800;
const MADE_BY_UNIX = 3 << 8;
const MADE_BY_DOS = 0;
const VERSION_NEEDED = 20;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function methodNumber(method: CraftedEntry['method']): number {
  if (method === 'stored') return 0;
  if (method === undefined || method === 'deflated') return 8;
  return method;
}

interface Written {
  name: Buffer;
  localName: Buffer;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  madeBy: number;
  external: number;
}

function localHeader(written: Written): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_NEEDED, 4);
  header.writeUInt16LE(written.flags, 6);
  header.writeUInt16LE(written.method, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  header.writeUInt32LE(written.crc, 14);
  header.writeUInt32LE(written.compressedSize, 18);
  header.writeUInt32LE(written.size, 22);
  header.writeUInt16LE(written.localName.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, written.localName]);
}

function centralRecord(written: Written): Buffer {
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(written.madeBy | VERSION_NEEDED, 4);
  record.writeUInt16LE(VERSION_NEEDED, 6);
  record.writeUInt16LE(written.flags, 8);
  record.writeUInt16LE(written.method, 10);
  record.writeUInt16LE(0, 12);
  record.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  record.writeUInt32LE(written.crc, 16);
  record.writeUInt32LE(written.compressedSize, 20);
  record.writeUInt32LE(written.size, 24);
  record.writeUInt16LE(written.name.length, 28);
  record.writeUInt32LE(written.external, 38);
  record.writeUInt32LE(written.offset, 42);
  return Buffer.concat([record, written.name]);
}

function endRecord(entryCount: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entryCount, 8);
  end.writeUInt16LE(entryCount, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}

/** A zip archive holding the entries in order, each field as the entry says. */
export function craftZip(entries: readonly CraftedEntry[], options: CraftOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const method = methodNumber(entry.method);
    const payload = method === 8 ? deflateRawSync(entry.data) : Buffer.from(entry.data);
    const shared = entry.sameDataAs === undefined ? undefined : written[entry.sameDataAs];
    const record: Written = shared
      ? { ...shared, name }
      : {
          name,
          localName: entry.localName === undefined ? name : Buffer.from(entry.localName),
          method,
          flags: UTF8_NAMES | (entry.flags ?? 0),
          crc: crc32(entry.data),
          compressedSize: payload.length,
          size: entry.declaredSize ?? entry.data.length,
          offset,
          madeBy: entry.unixMode === undefined ? MADE_BY_DOS : MADE_BY_UNIX,
          external: entry.unixMode === undefined ? 0 : (entry.unixMode << 16) >>> 0,
        };
    written.push(record);
    if (shared) continue;
    const header = localHeader(record);
    parts.push(header, payload);
    offset += header.length + payload.length;
  }
  const directory = Buffer.concat(written.map(centralRecord));
  parts.push(directory, endRecord(options.declaredEntryCount ?? written.length, directory.length, offset));
  return Buffer.concat(parts);
}

export interface BundleFile {
  path: string;
  bytes: Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The manifest of a bundle holding exactly these files, every hash and size right. */
export function manifestFor(files: readonly BundleFile[]): BundleManifest {
  const entries = files.map((file) => ({ path: file.path, sha256: sha256(file.bytes), bytes: file.bytes.length }));
  return {
    format: 'triad-bundle',
    formatVersion: 1,
    appVersion: '0.0.0-test',
    author: 'test',
    createdAt: '2024-01-01T00:00:00.000Z',
    contentHash: bundleContentHash(entries),
    contents: {
      pipeline: { name: 'crafted', file: 'pipeline/crafted.yaml', description: '' },
      features: { entities: [], featureViews: [], featureServices: [], qualityChecks: [] },
      code: [],
      runs: [],
      models: [],
      tables: [],
      trainingSets: [],
    },
    entries,
  };
}

/**
 * The entries of a valid bundle: manifest.json first (the given manifest, or one that fits the
 * files), then each file deflated, so a test can break exactly one thing before craftZip.
 */
export function bundleEntries(files: readonly BundleFile[], manifest: unknown = manifestFor(files)): CraftedEntry[] {
  const manifestBytes = Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  return [
    { name: MANIFEST_ENTRY, data: manifestBytes },
    ...files.map((file) => ({ name: file.path, data: file.bytes })),
  ];
}

export const craftBundle = (files: readonly BundleFile[]) => craftZip(bundleEntries(files));

/** A few small files such as a bundle holds. */
export const SAMPLE_FILES: readonly BundleFile[] = [
  { path: 'README.md', bytes: Buffer.from('# crafted\n\nA bundle made by a test.\n') },
  { path: 'pipeline/crafted.yaml', bytes: Buffer.from('name: crafted\nsteps:\n  - name: one\n    sql: select 1\n') },
  { path: 'features/definitions.yaml', bytes: Buffer.from('entities: []\nfeature_views: []\n') },
  { path: 'runs/r1.json', bytes: Buffer.from(JSON.stringify({ id: 'r1', state: 'succeeded', metrics: { mae: 1.5 } })) },
];
