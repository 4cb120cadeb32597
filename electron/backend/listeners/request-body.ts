import type { IncomingMessage } from 'node:http';

/** A body over the listener's limit: refused as soon as it is announced or arrives that large. */
export class BodyTooLargeError extends Error {}

/** The whole body of a request, refused with BodyTooLargeError beyond `maxBytes` (`describeLimit` words the limit). */
export function readRequestBody(request: IncomingMessage, maxBytes: number, describeLimit: string): Promise<Buffer> {
  const announced = Number(request.headers['content-length'] ?? Number.NaN);
  if (announced > maxBytes)
    return Promise.reject(new BodyTooLargeError(`the request body is larger than ${describeLimit}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(`the request body is larger than ${describeLimit}`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}
