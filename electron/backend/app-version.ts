import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'triad' && manifest.version) return manifest.version;
    } catch {
      // not at this depth: sources run from electron/backend, builds from dist/electron/backend
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
