import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { ServiceStatus } from '../../../shared/contract/schemas.js';
import { resolveAppDataDir } from '../../backend/app-data.js';
import { startBackend } from '../../backend/backend.js';
import { checkAccessToken, generateAccessToken, isLoopbackHost } from '../../backend/listeners/access-token.js';
import { DEFAULT_MODEL_SERVER } from '../../backend/services/model-server-service.js';
import { startWebServer } from '../../backend/transports/http-transport.js';
import { DEFAULT_MAX_UPLOAD_MB } from '../../backend/transports/uploads.js';
import { TOKEN_PARAMETER } from '../../backend/transports/web-access.js';
import { exposedAddresses } from '../exposed-addresses.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { parsePort, parsePositiveCount } from '../parse-options.js';
import { describeProjectChoice, PROJECT_OPTION, type ProjectChoice } from '../project-option.js';

export const DEFAULT_WEB_PORT = 8617;
const ACCESS_TOKEN_VARIABLE = 'TRIAD_ACCESS_TOKEN';
const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

interface ServeOptions extends OutputOptions {
  project?: string;
  port: number;
  host: string;
  modelPort: number;
  token?: string;
  maxUploadMb: number;
}

interface Access {
  token: string | null;
  /** Only a token Triad made up is shown: one the user chose stays out of the terminal's history. */
  generated: boolean;
}

function chooseAccess({ host, token }: ServeOptions): Access {
  const given = token ?? (process.env[ACCESS_TOKEN_VARIABLE] || undefined);
  if (given !== undefined) return { token: checkAccessToken(given), generated: false };
  return isLoopbackHost(host) ? { token: null, generated: false } : { token: generateAccessToken(), generated: true };
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
    .option(
      '--host <address>',
      'address to listen on; beyond loopback, every request needs the access token',
      '127.0.0.1',
    )
    .option('--model-port <n>', 'model server port (0 picks a free one)', parsePort, DEFAULT_MODEL_SERVER.port)
    .option(
      '--token <token>',
      `access token to require (default: ${ACCESS_TOKEN_VARIABLE}, else one made up when --host is not loopback)`,
    )
    .option(
      '--max-upload-mb <n>',
      'largest file the browser may upload for import, in MB',
      parsePositiveCount,
      DEFAULT_MAX_UPLOAD_MB,
    )
    .option('--json', 'print one JSON line with the URL once serving')
    .action(async (options: ServeOptions, command: Command) => {
      try {
        const access = chooseAccess(options);
        const backend = await startBackend({
          appDataDir: resolveAppDataDir(),
          runtime: 'node',
          ...(options.project ? { projectPath: options.project } : {}),
          modelServer: {
            host: options.host,
            port: options.modelPort,
            // A port the user chose is honoured or fails loudly; only the default gives way to a free one.
            anyPortIfBusy: command.getOptionValueSource('modelPort') === 'default',
            token: access.token,
          },
          logger: { info: console.error, warn: (m) => console.error(`warning: ${m}`), error: console.error },
        });
        const web = await startWebServer({
          backend,
          staticDir: RENDERER_DIR,
          uploadsDir: join(resolveAppDataDir(), 'uploads'),
          uploadLimits: { maxBytes: options.maxUploadMb * 1024 * 1024 },
          host: options.host,
          port: options.port,
          token: access.token,
        });
        const services = await backend.client.invoke('services.list', {});
        const exposedAt = isLoopbackHost(options.host) ? [] : exposedAddresses(options.host);
        if (exposedAt.length > 0) {
          const modelPort = services
            .find((service) => service.id === 'model-server')
            ?.url?.split(':')
            .pop();
          console.error(
            `warning: --host ${options.host} makes web mode (port ${new URL(web.url).port}) and the model server` +
              `${modelPort ? ` (port ${modelPort})` : ''} reachable from other machines at ${exposedAt.join(', ')}. ` +
              'Every request must carry the access token; the traffic is not encrypted, so serve only on a network you trust.',
          );
        }
        const port = new URL(web.url).port;
        const openUrl = exposedAt.length > 0 ? `http://${exposedAt[0]}:${port}/` : `${web.url}/`;
        const link = access.token
          ? `${openUrl}?${TOKEN_PARAMETER}=${access.generated ? access.token : '<your token>'}`
          : web.url;
        const summary = {
          url: web.url,
          project: await backend.client.invoke('project.current', {}),
          services,
          ...(access.generated ? { token: access.token } : {}),
        };
        const choice: ProjectChoice = options.project
          ? 'option'
          : summary.project.isDefault
            ? 'default'
            : 'last-opened';
        console.error(describeProjectChoice(summary.project, choice));
        const tokenLines = access.token
          ? `${access.generated ? `  access token: ${access.token}\n` : ''}  the model server wants "Authorization: Bearer <token>"\n`
          : '';
        printResult(
          options,
          summary,
          () =>
            `Triad is serving "${summary.project.name}" (${summary.project.path})\n  open ${link}\n${tokenLines}${describeServices(summary.services)}\nPress Ctrl+C to stop.`,
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
