import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { TriadError } from '../../../shared/contract/errors.js';
import {
  type BundleFile,
  bundleEntries,
  type CraftedEntry,
  craftBundle,
  craftZip,
  manifestFor,
  SAMPLE_FILES,
} from '../test-support/crafted-zip.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type BundleLimits, BundleRefusedError, DEFAULT_BUNDLE_LIMITS, readBundle } from './bundle-reader.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const MIB = 1024 * 1024;

function written(bytes: Uint8Array, name = 'crafted.triad'): string {
  const file = join(temporaryFolder('bundle-reader'), name);
  writeFileSync(file, bytes);
  return file;
}

async function refusalOf(bytes: Uint8Array, options: Parameters<typeof readBundle>[1] = {}): Promise<string> {
  const error = await readBundle(written(bytes), options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BundleRefusedError);
  return (error as BundleRefusedError).reason;
}

const withFile = (path: string, bytes: Uint8Array | string): BundleFile[] => [
  ...SAMPLE_FILES,
  { path, bytes: Buffer.from(bytes) },
];

/** A valid bundle's entries with one more entry, listed in the manifest as it is. */
function withEntry(entry: CraftedEntry): CraftedEntry[] {
  const files = [...SAMPLE_FILES, { path: Buffer.from(entry.name).toString('utf8'), bytes: entry.data }];
  return [...bundleEntries(SAMPLE_FILES, manifestFor(files)), entry];
}

/** The entries with the one named changed. */
function changed(
  entries: readonly CraftedEntry[],
  name: string,
  change: (entry: CraftedEntry) => Partial<CraftedEntry>,
): CraftedEntry[] {
  return entries.map((entry) => (entry.name === name ? { ...entry, ...change(entry) } : entry));
}

const limits = (changes: Partial<BundleLimits>): BundleLimits => ({ ...DEFAULT_BUNDLE_LIMITS, ...changes });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading a bundle', () => {
  it('gives the manifest and every entry of a valid bundle', async () => {
    const bundle = await readBundle(written(craftBundle(SAMPLE_FILES)));
    expect(bundle.manifest.entries.map((entry) => entry.path)).toEqual(SAMPLE_FILES.map((file) => file.path));
    expect(bundle.small.get('README.md')?.toString()).toContain('A bundle made by a test');
    expect(bundle.signatureBytes).toBeNull();
    expect(bundle.extracted.size).toBe(0);
  });

  it('refuses a missing file as not found', async () => {
    const error = await readBundle(join(temporaryFolder('bundle-reader'), 'absent.triad')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TriadError);
    expect((error as TriadError).code).toBe('not_found');
  });
});

describe('refusing a damaged bundle', () => {
  it('refuses an entry whose bytes do not match its SHA-256', async () => {
    const entries = changed(bundleEntries(SAMPLE_FILES), 'pipeline/crafted.yaml', () => ({
      data: Buffer.from('name: crafted\nsteps:\n  - name: two\n    sql: select 2\n'),
    }));
    expect(await refusalOf(craftZip(entries))).toMatch(/pipeline\/crafted\.yaml has SHA-256 .* its manifest says/);
  });

  it('refuses a bundle missing an entry its manifest lists', async () => {
    const entries = bundleEntries(SAMPLE_FILES).filter((entry) => entry.name !== 'runs/r1.json');
    expect(await refusalOf(craftZip(entries))).toContain('runs/r1.json, which the archive does not hold');
  });

  it('refuses an entry its manifest does not list', async () => {
    const entries = [...bundleEntries(SAMPLE_FILES), { name: 'code/extra.py', data: Buffer.from('print(1)\n') }];
    expect(await refusalOf(craftZip(entries))).toContain('code/extra.py is not in its manifest');
  });

  it('refuses a manifest that is not the first entry', async () => {
    const entries = bundleEntries(SAMPLE_FILES);
    expect(await refusalOf(craftZip([...entries.slice(1), ...entries.slice(0, 1)]))).toContain(
      'first entry is not manifest.json',
    );
  });

  it('refuses a manifest that is not JSON', async () => {
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, '{"format": "triad-bundle",')))).toContain(
      'manifest.json is not JSON',
    );
  });

  it('refuses a manifest that is not UTF-8', async () => {
    const entries = changed(bundleEntries(SAMPLE_FILES), 'manifest.json', () => ({
      data: Buffer.from([0x7b, 0xff, 0x7d]),
    }));
    expect(await refusalOf(craftZip(entries))).toContain('manifest.json is not JSON');
  });

  it('refuses a manifest of the wrong shape', async () => {
    const manifest = { ...manifestFor(SAMPLE_FILES), author: 42 };
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toContain(
      'manifest.json is malformed at author',
    );
  });

  it('refuses a manifest that is not a Triad bundle', async () => {
    const manifest = { ...manifestFor(SAMPLE_FILES), format: 'other' };
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toContain(
      'does not describe a Triad bundle',
    );
  });

  it('refuses another format version, saying which this Triad reads', async () => {
    const manifest = { ...manifestFor(SAMPLE_FILES), formatVersion: 2 };
    const reason = await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)));
    expect(reason).toContain('format version 2');
    expect(reason).toContain('this Triad reads version 1');
  });

  it('refuses a content hash that does not match the entries', async () => {
    const manifest = { ...manifestFor(SAMPLE_FILES), contentHash: '0'.repeat(64) };
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toContain('content hash does not match');
  });

  it('refuses an entry whose size in the manifest differs from the archive', async () => {
    const manifest = manifestFor(SAMPLE_FILES);
    manifest.entries = manifest.entries.map((entry, index) =>
      index === 1 ? { ...entry, bytes: entry.bytes + 1 } : entry,
    );
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toMatch(
      /pipeline\/crafted\.yaml is \d+ bytes, and its manifest says \d+/,
    );
  });

  it('refuses a manifest that lists an entry twice', async () => {
    const manifest = manifestFor([...SAMPLE_FILES, ...SAMPLE_FILES.slice(1, 2)]);
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toContain(
      'manifest lists pipeline/crafted.yaml twice',
    );
  });

  it('refuses a manifest whose entries are not in the archive order', async () => {
    const manifest = manifestFor([...SAMPLE_FILES].reverse());
    expect(await refusalOf(craftZip(bundleEntries(SAMPLE_FILES, manifest)))).toContain('not in the order');
  });
});

describe('refusing hostile entry names', () => {
  const named = (name: string | Uint8Array) => craftZip(withEntry({ name, data: Buffer.from('x') }));

  it('refuses a path that climbs out with ..', async () => {
    expect(await refusalOf(named('code/../../evil.sh'))).toContain('..');
  });

  it('refuses an absolute path', async () => {
    expect(await refusalOf(named('/etc/x'))).toContain('absolute path');
  });

  it('refuses a drive letter', async () => {
    expect(await refusalOf(named('C:/x'))).toContain('absolute path');
  });

  it('refuses a colon elsewhere in a name (an NTFS stream)', async () => {
    expect(await refusalOf(named('code/x.py:hidden'))).toContain(':');
  });

  it('refuses a backslash', async () => {
    expect(await refusalOf(named('code\\..\\evil'))).toContain('backslash');
  });

  it('refuses a control character', async () => {
    expect(await refusalOf(named('code/a\nb.py'))).toContain('control character');
  });

  it('refuses a name that is not UTF-8', async () => {
    expect(await refusalOf(named(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x2f, 0xff, 0xfe])))).toContain('not UTF-8');
  });

  it('refuses a part Windows would shorten (trailing dot or space)', async () => {
    expect(await refusalOf(named('code/.../x'))).toContain('ends in a dot or space');
    expect(await refusalOf(named('code/a /x'))).toContain('ends in a dot or space');
  });

  it('refuses a folder entry', async () => {
    expect(await refusalOf(named('code/'))).toContain('folder entry');
  });

  it('refuses a path that is both a file and a folder', async () => {
    const files = withFile('code/a', 'a');
    const entries = [...bundleEntries(files, manifestFor([...files, { path: 'code/a/b', bytes: Buffer.from('b') }]))];
    entries.push({ name: 'code/a/b', data: Buffer.from('b') });
    expect(await refusalOf(craftZip(entries))).toContain('both a file and a folder');
  });
});

describe('refusing hostile entries', () => {
  it('refuses a symbolic link', async () => {
    const entries = withEntry({ name: 'code/link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 });
    expect(await refusalOf(craftZip(entries))).toContain('symbolic link');
  });

  it('refuses a device or other non-regular file', async () => {
    const entries = withEntry({ name: 'code/fifo', data: Buffer.alloc(0), unixMode: 0o010644 });
    expect(await refusalOf(craftZip(entries))).toContain('not a regular file');
  });

  it('takes a regular Unix file', async () => {
    const entries = withEntry({ name: 'code/run.py', data: Buffer.from('print(1)\n'), unixMode: 0o100644 });
    await expect(readBundle(written(craftZip(entries)))).resolves.toBeDefined();
  });

  it('refuses an encrypted entry', async () => {
    const entries = withEntry({ name: 'code/secret.py', data: Buffer.from('x'), flags: 0x1 });
    expect(await refusalOf(craftZip(entries))).toContain('encrypted');
  });

  it('refuses an unknown compression method', async () => {
    const entries = withEntry({ name: 'code/bzip.py', data: Buffer.from('BZh9'), method: 12 });
    expect(await refusalOf(craftZip(entries))).toContain('compression method 12');
  });

  it('refuses a name that is in the archive twice', async () => {
    const entries = [...bundleEntries(SAMPLE_FILES), { name: 'README.md', data: Buffer.from('again') }];
    expect(await refusalOf(craftZip(entries))).toContain('in the archive twice');
  });

  it('refuses names that differ only in case', async () => {
    const entries = [...bundleEntries(SAMPLE_FILES), { name: 'readme.MD', data: Buffer.from('again') }];
    expect(await refusalOf(craftZip(entries))).toContain('in the archive twice');
  });

  it('refuses names that differ only in Unicode normalisation', async () => {
    const files = withFile('code/caf\u00e9.py', 'x');
    const entries = [...bundleEntries(files), { name: 'code/cafe\u0301.py', data: Buffer.from('x') }];
    expect(await refusalOf(craftZip(entries))).toContain('in the archive twice');
  });

  it('refuses an entry its local header names otherwise', async () => {
    const entries = withEntry({ name: 'code/a.py', data: Buffer.from('x'), localName: '../../a.py' });
    expect(await refusalOf(craftZip(entries))).toContain('another name in its local header');
  });

  it('refuses central records that share local data', async () => {
    const files = withFile('code/a.py', 'same');
    const entries = bundleEntries(
      withFile('code/a.py', 'same'),
      manifestFor([...files, { path: 'code/b.py', bytes: Buffer.from('same') }]),
    );
    entries.push({ name: 'code/b.py', data: Buffer.from('same'), sameDataAs: entries.length - 1 });
    expect(await refusalOf(craftZip(entries))).toContain('overlap');
  });
});

describe('refusing bundles over the limits', () => {
  it('refuses an entry over the largest entry size', async () => {
    const reason = await refusalOf(craftZip(bundleEntries(withFile('code/big.py', 'x'.repeat(5000)))), {
      limits: limits({ maxEntryBytes: 4000 }),
    });
    expect(reason).toContain('over the 4000-byte limit for one entry');
  });

  it('refuses entries that add up to over the total', async () => {
    const reason = await refusalOf(craftBundle(SAMPLE_FILES), { limits: limits({ maxTotalBytes: 300 }) });
    expect(reason).toContain('add up to more than the 300-byte limit');
  });

  it('refuses more entries than allowed', async () => {
    const reason = await refusalOf(craftBundle(SAMPLE_FILES), { limits: limits({ maxEntries: 3 }) });
    expect(reason).toContain('more than the 3 allowed');
  });

  it('refuses an entry that expands like a zip bomb', async () => {
    const reason = await refusalOf(craftBundle(withFile('data/tables/zeros.parquet', Buffer.alloc(50 * MIB))));
    expect(reason).toContain('zip bomb');
  }, 30_000);

  it('refuses many small entries that together expand like a zip bomb', async () => {
    const files = Array.from({ length: 8 }, (_, i) => ({ path: `code/zeros${i}.bin`, bytes: Buffer.alloc(MIB - 1) }));
    expect(await refusalOf(craftBundle([...SAMPLE_FILES, ...files]))).toContain('zip bomb');
  }, 30_000);

  it('refuses an entry that inflates to more than its declared size', async () => {
    const bytes = Buffer.alloc(64 * 1024, 'a');
    const files = withFile('code/lies.py', bytes.subarray(0, 100));
    const entries = bundleEntries(files);
    entries[entries.length - 1] = { name: 'code/lies.py', data: bytes, declaredSize: 100 };
    expect(await refusalOf(craftZip(entries))).toContain('too many bytes');
  });

  it('refuses an entry that inflates to less than its declared size', async () => {
    const files = withFile('code/short.py', Buffer.alloc(200, 'a'));
    const entries = bundleEntries(files);
    entries[entries.length - 1] = { name: 'code/short.py', data: Buffer.alloc(100, 'a'), declaredSize: 200 };
    expect(await refusalOf(craftZip(entries))).toContain('not enough bytes');
  });

  it('refuses a stored entry whose sizes disagree', async () => {
    const files = withFile('code/stored.py', 'abc');
    const entries = bundleEntries(files);
    entries[entries.length - 1] = {
      name: 'code/stored.py',
      data: Buffer.from('abc'),
      method: 'stored',
      declaredSize: 2,
    };
    expect(await refusalOf(craftZip(entries))).toContain('size mismatch');
  });
});

describe('refusing what is not a bundle', () => {
  it('refuses a text file', async () => {
    expect(await refusalOf(Buffer.from('name: not a zip\n'))).toContain('not a zip archive');
  });

  it('refuses an empty file', async () => {
    expect(await refusalOf(Buffer.alloc(0))).toContain('not a zip archive');
  });

  it('refuses a PNG', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect(await refusalOf(png)).toContain('not a zip archive');
  });

  it('refuses a real bundle cut short, wherever it is cut', async () => {
    const whole = craftBundle(SAMPLE_FILES);
    for (const length of [4, 30, 100, Math.floor(whole.length / 2), whole.length - 40, whole.length - 1])
      expect(await refusalOf(whole.subarray(0, length))).toMatch(/not a (readable )?zip archive|damaged/);
  });

  it('refuses an end record that claims more entries than the directory holds', async () => {
    const bytes = craftZip(bundleEntries(SAMPLE_FILES), { declaredEntryCount: SAMPLE_FILES.length + 3 });
    expect(await refusalOf(bytes)).toContain('zip directory is damaged');
  });

  it('refuses a zip with no entries', async () => {
    expect(await refusalOf(craftZip([]))).toMatch(/not a zip archive|first entry is not manifest.json/);
  });
});

describe('what a refusal leaves behind', () => {
  const big = (path: string) => ({
    path,
    bytes: Buffer.from(Array.from({ length: 17 * MIB }, (_, i) => (i * 7919) % 251)),
  });

  const stored = (entries: readonly CraftedEntry[]) =>
    entries.map((entry) => ({ ...entry, method: 'stored' as const }));

  it('removes what it extracted, and the folder it made, when it refuses', async () => {
    const files = [...SAMPLE_FILES, big('data/tables/a.parquet'), big('data/tables/b.parquet')];
    const entries = changed(stored(bundleEntries(files)), 'data/tables/b.parquet', (entry) => ({
      data: Buffer.from(entry.data).fill(1, 0, 10),
    }));
    const extractTo = join(temporaryFolder('bundle-reader-out'), 'out');
    expect(await refusalOf(craftZip(entries), { extractTo })).toContain('SHA-256');
    expect(() => readdirSync(extractTo)).toThrow();
  }, 30_000);

  it('leaves what was in the folder before, and removes only its own', async () => {
    const files = [...SAMPLE_FILES, big('data/tables/a.parquet')];
    const entries = changed(stored(bundleEntries(files)), 'data/tables/a.parquet', (entry) => ({
      data: Buffer.from(entry.data).fill(1, 0, 10),
    }));
    const extractTo = temporaryFolder('bundle-reader-out');
    mkdirSync(join(extractTo, 'data'));
    writeFileSync(join(extractTo, 'data', 'mine.txt'), 'kept');
    await refusalOf(craftZip(entries), { extractTo });
    expect(readdirSync(extractTo, { recursive: true }).sort()).toEqual(['data', 'data/mine.txt']);
  }, 30_000);

  it('does not overwrite a file already in the folder, and leaves it', async () => {
    const files = [...SAMPLE_FILES, big('data/tables/a.parquet')];
    const extractTo = temporaryFolder('bundle-reader-out');
    mkdirSync(join(extractTo, 'data', 'tables'), { recursive: true });
    writeFileSync(join(extractTo, 'data', 'tables', 'a.parquet'), 'kept');
    const error = await readBundle(written(craftZip(stored(bundleEntries(files)))), { extractTo }).catch((e) => e);
    expect(error).toBeInstanceOf(TriadError);
    expect(error).not.toBeInstanceOf(BundleRefusedError);
    expect((error as TriadError).code).toBe('already_exists');
    expect(readFileSync(join(extractTo, 'data', 'tables', 'a.parquet'), 'utf8')).toBe('kept');
  }, 30_000);

  it('extracts large entries of a valid bundle', async () => {
    const files = [...SAMPLE_FILES, big('data/tables/a.parquet')];
    const extractTo = temporaryFolder('bundle-reader-out');
    const bundle = await readBundle(written(craftZip(stored(bundleEntries(files)))), { extractTo });
    expect([...bundle.extracted.keys()]).toEqual(['data/tables/a.parquet']);
    expect(bundle.small.has('data/tables/a.parquet')).toBe(false);
  }, 30_000);

  it('reads no entry data before the whole central directory is checked', async () => {
    const opened = vi.spyOn(yauzl.ZipFile.prototype, 'openReadStream');
    const entries = [...withEntry({ name: 'code/ok.py', data: Buffer.from('x') })];
    entries.push({ name: '../late-evil', data: Buffer.from('x') });
    expect(await refusalOf(craftZip(entries))).toContain('..');
    expect(opened).not.toHaveBeenCalled();
  });

  it('closes the file whatever the outcome', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const valid = written(craftBundle(SAMPLE_FILES));
    const bundles = [
      Buffer.from('not a zip'),
      craftBundle(SAMPLE_FILES).subarray(0, 200),
      craftZip(withEntry({ name: '/etc/x', data: Buffer.from('x') })),
      craftZip(bundleEntries(SAMPLE_FILES, '[')),
    ];
    const files = bundles.map((bytes) => written(bytes));
    await readBundle(valid);
    const before = openFiles();
    for (let round = 0; round < 5; round++) {
      await readBundle(valid);
      for (const file of files) await readBundle(file).catch(() => undefined);
    }
    expect(openFiles()).toBe(before);
  });
});
