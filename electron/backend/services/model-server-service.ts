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
  /** Required of every request (`Authorization: Bearer …`); needed when host is not loopback. */
  token?: string | null;
}

export const DEFAULT_MODEL_SERVER: ModelServerOptions = { host: '127.0.0.1', port: 8618 };

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

function listen(server: Server, { host, port }: ModelServerOptions): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${port} on ${host} is already in use: stop what holds it, or choose another port (--model-port)`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new Error(`not allowed to listen on ${host}:${port}: choose a port above 1024 (--model-port)`));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
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
      const address = await listen(candidate, options);
      port = address.port;
      candidate.on('error', (error) => context.reportFailure(`the model server stopped: ${error.message}`));
      server = candidate;
      const url = `http://${options.host}:${address.port}`;
      return { detail: `onnxruntime ${runtimeVersion}, no models deployed`, url };
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
