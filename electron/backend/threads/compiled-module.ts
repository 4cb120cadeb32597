import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TriadError } from '../../../shared/contract/errors.js';

const PROJECT_ROOT = new URL('../../../', import.meta.url);
const RUNNING_FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The compiled module a worker thread runs. In the build it sits beside its caller; when the
 * caller runs from TypeScript sources (unit tests), threads cannot load .ts files under Node 20,
 * so they run the same module from dist/, which `npm run build:node` makes.
 */
export function compiledModuleUrl(relativePath: string, callerUrl: string): URL {
  const beside = new URL(relativePath, callerUrl);
  if (!RUNNING_FROM_SOURCES) return beside;
  const fromRoot = beside.href.slice(PROJECT_ROOT.href.length);
  const built = new URL(`dist/${fromRoot}`, PROJECT_ROOT);
  if (!existsSync(fileURLToPath(built)))
    throw new TriadError('unavailable', `${fileURLToPath(built)} is not built: run npm run build:node first`);
  return built;
}
