import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// Load electron-builder's own validator and YAML reader, exactly as `electron-builder` would.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const yaml = fromBuilder('js-yaml') as { load(text: string): Record<string, unknown> };

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; productName: string };

describe('electron-builder.yml', () => {
  it('matches electron-builder’s configuration schema', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('would be refused by the same check if it were wrong', async () => {
    await expect(validateConfiguration({ ...config, dmgTitle: 'x' }, { isEnabled: false, add() {} })).rejects.toThrow(
      "unknown property 'dmgTitle'",
    );
  });

  it('targets AppImage and deb, dmg and nsis, unpacking the native modules from asar', () => {
    expect(config).toMatchObject({
      productName: manifest.productName,
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
      npmRebuild: true,
    });
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**', '**/node_modules/onnxruntime-node/**']);
  });

  it('burns in hardened fuses: no run-as-Node, NODE_OPTIONS or inspector, asar only and verified, plain file://', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('leaves out the development-only step that builds better-sqlite3 for `npm start`', () => {
    expect(config.files).toContain('!dist/electron/dev/**');
    expect(existsSync(join(root, 'electron', 'dev', 'prepare-electron-sqlite.ts'))).toBe(true);
  });

  it('ships an icon of at least 512 px and an entry point built from electron/main', () => {
    const png = readFileSync(join(root, 'resources', 'icon.png'));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    expect(manifest.main).toBe('dist/electron/main/index.js');
    expect(existsSync(join(root, 'electron', 'main', 'index.ts'))).toBe(true);
  });
});
