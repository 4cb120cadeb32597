import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { APP_VERSION } from '../app-version.js';
import { assertAccessTokenForHost } from '../listeners/access-token.js';
import {
  bearerToken,
  type Refusal,
  refuseCrossOrigin,
  refuseForeignHost,
  refuseWrongToken,
} from '../listeners/request-guard.js';
import { createSafeListener, sendJson } from '../listeners/safe-listener.js';
import { handleInferenceRequest } from '../model-server/inference-routes.js';
import type { Service } from './service.js';

export interface ModelServerOptions {
  host: string;
  port: number;
  /** The port is only a default: when another program holds it, listen on a free one the system picks. */
  anyPortIfBusy?: boolean;
  /** Required of every request (`Authorization: Bearer …`); needed when host is not loopback. */
  token?: string | null;
}

export const DEFAULT_MODEL_SERVER: ModelServerOptions = { host: '127.0.0.1', port: 8618, anyPortIfBusy: true };

/** With a token, the token is the guard; without one (loopback only), the Host header is. */
function refuseUntrusted(
  request: IncomingMessage,
  target: RequestTarget,
  { host, token }: ModelServerOptions,
  port: number,
): Refusal | null {
  return (
    refuseCrossOrigin(request, target) ??
    (token
      ? refuseWrongToken(bearerToken(request), token, 'send it as "Authorization: Bearer <token>"')
      : refuseForeignHost(request, target, host, port))
  );
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function explainListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE')
    return new Error(
      `port ${port} on ${host} is already in use: stop what holds it, or choose another port (--model-port)`,
    );
  if (error.code === 'EACCES')
    return new Error(`not allowed to listen on ${host}:${port}: choose a port above 1024 (--model-port)`);
  return error;
}

interface Listening {
  address: AddressInfo;
  /** Why the server is not on the port it was given, when it is not. */
  note: string | null;
}

async function listenOrFallBack(server: Server, { host, port, anyPortIfBusy }: ModelServerOptions): Promise<Listening> {
  try {
    return { address: await listen(server, host, port), note: null };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (!anyPortIfBusy || failure.code !== 'EADDRINUSE') throw explainListenError(failure, host, port);
  }
  try {
    return { address: await listen(server, host, 0), note: `port ${port} was in use` };
  } catch (error) {
    throw explainListenError(error as NodeJS.ErrnoException, host, 0);
  }
}

/** The ONNX model server: onnxruntime-node behind an Open Inference Protocol v2 HTTP API. */
export function createModelServerService(options: ModelServerOptions, logError: (message: string) => void): Service {
  assertAccessTokenForHost(options.host, options.token ?? null);
  let server: Server | null = null;

  return {
    id: 'model-server',
    async start(context) {
      let runtimeVersion: string;
      try {
        const ort = await import('onnxruntime-node');
        runtimeVersion = ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';
      } catch (error) {
        throw new Error(`onnxruntime-node could not be loaded: ${(error as Error).message}`);
      }
      const metadata = { name: 'triad', version: APP_VERSION, extensions: [] };
      let port = options.port;
      const candidate = createSafeListener({
        errorBody: (message) => ({ error: message }),
        handle(request, response, target) {
          const refusal = refuseUntrusted(request, target, options, port);
          if (refusal) sendJson(response, refusal.status, { error: refusal.message }, refusal.headers);
          else handleInferenceRequest(request, response, target, metadata);
        },
        onHandlerError: (error) => logError(`the model server failed to answer a request: ${String(error)}`),
      });
      const { address, note } = await listenOrFallBack(candidate, options);
      port = address.port;
      candidate.on('error', (error) => context.reportFailure(`the model server stopped: ${error.message}`));
      server = candidate;
      const url = `http://${options.host}:${address.port}`;
      const detail = `onnxruntime ${runtimeVersion}, no models deployed`;
      return { detail: note ? `${detail} (${note})` : detail, url };
    },
    async stop() {
      const closing = server;
      server = null;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}
