import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { ServiceStatus } from '../../../shared/contract/schemas.js';
import { resolveAppDataDir } from '../../backend/app-data.js';
import { startBackend } from '../../backend/backend.js';
import { DEFAULT_MODEL_SERVER } from '../../backend/services/model-server-service.js';
import { startWebServer } from '../../backend/transports/http-transport.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { parsePort } from '../parse-options.js';
import { PROJECT_OPTION } from '../project-option.js';

export const DEFAULT_WEB_PORT = 8617;
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

interface ServeOptions extends OutputOptions {
  project?: string;
  port: number;
  host: string;
  modelPort: number;
}

function describeServices(services: ServiceStatus[]): string {
  return services
    .map(
      (service) =>
        `  ${service.label.padEnd(16)} ${service.state}${service.error ? `: ${service.error}` : ` (${[service.url, service.detail].filter(Boolean).join(', ')})`}`,
    )
    .join('\n');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the backend under Node and serve the app to a browser (web mode)')
    .option('--project <dir>', `${PROJECT_OPTION[1].replace(')', ', or the project the app last had open)')}`)
    .option('--port <n>', 'web port on the host (0 picks a free one)', parsePort, DEFAULT_WEB_PORT)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--model-port <n>', 'model server port (0 picks a free one)', parsePort, DEFAULT_MODEL_SERVER.port)
    .option('--json', 'print one JSON line with the URL once serving')
    .action(async (options: ServeOptions) => {
      try {
        const backend = await startBackend({
          appDataDir: resolveAppDataDir(),
          runtime: 'node',
          ...(options.project ? { projectPath: options.project } : {}),
          modelServer: { host: options.host, port: options.modelPort },
          logger: { info: console.error, warn: (m) => console.error(`warning: ${m}`), error: console.error },
        });
        const web = await startWebServer({
          backend,
          staticDir: RENDERER_DIR,
          uploadsDir: join(resolveAppDataDir(), 'uploads'),
          host: options.host,
          port: options.port,
        });
        const summary = {
          url: web.url,
          project: await backend.client.invoke('project.current', {}),
          services: await backend.client.invoke('services.list', {}),
        };
        printResult(
          options,
          summary,
          () =>
            `Triad is serving "${summary.project.name}" (${summary.project.path})\n  open ${web.url}\n${describeServices(summary.services)}\nPress Ctrl+C to stop.`,
        );
        const stop = async () => {
          await web.close();
          await backend.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
