import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** The whole body, refused with a 413 as soon as it is announced or found to be larger than `maxBytes`. */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const announced = Number(request.headers['content-length'] ?? Number.NaN);
  if (announced > maxBytes)
    return Promise.reject(
      new HttpError(413, `the request body is ${announced} bytes, more than the server's limit of ${maxBytes}`, {
        connection: 'close',
      }),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(
          new HttpError(413, `the request body is more than the server's limit of ${maxBytes} bytes`, {
            connection: 'close',
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}
