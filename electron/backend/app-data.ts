import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'Triad';

/**
 * Where settings and the embedded default project live. Mirrors Electron's
 * app.getPath('userData') so the desktop app and `triad` under plain Node share one folder;
 * TRIAD_HOME overrides it (tests, portable installs).
 */
export function resolveAppDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.TRIAD_HOME) return env.TRIAD_HOME;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

export function defaultProjectDir(appDataDir: string): string {
  return resolve(appDataDir, 'default-project');
}
