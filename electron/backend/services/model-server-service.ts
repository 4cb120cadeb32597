import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_VERSION } from '../app-version.js';
import { handleInferenceRequest } from '../model-server/inference-routes.js';
import type { Service } from './service.js';

export interface ModelServerOptions {
  host: string;
  port: number;
}

export const DEFAULT_MODEL_SERVER: ModelServerOptions = { host: '127.0.0.1', port: 8618 };

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
export function createModelServerService(options: ModelServerOptions): Service {
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
      const candidate = createServer((request, response) => handleInferenceRequest(request, response, metadata));
      const address = await listen(candidate, options);
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
