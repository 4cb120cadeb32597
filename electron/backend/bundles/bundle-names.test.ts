import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import { bundleEntries, craftZip, manifestFor } from '../test-support/crafted-zip.js';
import { BundleRefusedError } from './bundle-refused-error.js';
import { inspectBundle } from './inspect-bundle.js';

const folder = mkdtempSync(join(tmpdir(), 'triad-bundle-names-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const PIPELINE =
  'name: crafted\nsteps:\n  - name: fit\n    kind: command\n    with: { run: [python3, scripts/fit.py] }\n';

/** A bundle of the pipeline above whose manifest lists the given code files and tables. */
function hostileBundle(
  name: string,
  contents: Partial<BundleManifest['contents']>,
  extra: { path: string; text: string }[] = [],
) {
  const files = [
    { path: 'pipeline/crafted.yaml', bytes: Buffer.from(PIPELINE) },
    ...extra.map((file) => ({ path: file.path, bytes: Buffer.from(file.text) })),
  ];
  const manifest = manifestFor(files);
  const file = join(folder, `${name}.triad`);
  writeFileSync(file, craftZip(bundleEntries(files, { ...manifest, contents: { ...manifest.contents, ...contents } })));
  return file;
}

const unsigned = () => ({
  signed: false,
  valid: false,
  trusted: false,
  signer: null,
  keyId: null,
  problem: null,
  required: false,
});

async function refusal(file: string): Promise<string> {
  const error = await inspectBundle(file, null, unsigned).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BundleRefusedError);
  return (error as Error).message;
}

describe('names a bundle gives to what it would write', () => {
  it('takes a code file its pipeline runs', async () => {
    const file = hostileBundle('good', { code: ['scripts/fit.py'] }, [
      { path: 'code/scripts/fit.py', text: 'print(1)' },
    ]);
    expect((await inspectBundle(file, null, unsigned)).manifest.contents.code).toEqual(['scripts/fit.py']);
  });

  it.each([
    ['triad.sqlite', 'would overwrite a file Triad keeps for itself'],
    ['artifacts/models/x.onnx', 'would overwrite a file Triad keeps for itself'],
    ['pipelines/other.yaml', 'would overwrite a file Triad keeps for itself'],
    ['.git/hooks/pre-commit', 'would overwrite a file Triad keeps for itself'],
    ['scripts/other.py', "is not a file its pipeline's steps name"],
    ['scripts/../triad.sqlite', 'is not a plain path inside the project'],
  ])('refuses the code file %s', async (path, reason) => {
    const file = hostileBundle('code', { code: [path] }, [{ path: `code/${path.replace('..', 'up')}`, text: 'x' }]);
    expect(await refusal(file)).toContain(reason);
  });

  it('refuses contents listed without their entry', async () => {
    const file = hostileBundle('missing', { code: ['scripts/fit.py'] });
    expect(await refusal(file)).toContain('its manifest lists contents without their entry code/scripts/fit.py');
  });

  it.each(['triad_tables', 'sqlite_master', 'flights; DROP TABLE x'])('refuses the table name %s', async (name) => {
    const file = hostileBundle('table', { tables: [{ name, rows: 0, columns: [], madeBySql: null }] }, [
      { path: `data/tables/${name}.parquet`, text: 'x' },
    ]);
    expect(await refusal(file)).toContain(`its table ${JSON.stringify(name)} cannot be imported`);
  });
});
