import { request } from 'node:http';

export interface TriedInference {
  status: number;
  body: unknown;
  latencyMs: number;
}

/**
 * Sends one request to the running model server as any client would (the app's "try it" forms
 * go through here, since a browser page on another origin is refused by the server).
 */
export function tryInference(url: string, body: unknown, token: string | null): Promise<TriedInference> {
  const text = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const latencyMs = performance.now() - started;
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw);
          } catch {
            // A body that is not JSON is shown as the text it is.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed, latencyMs });
        });
        response.on('error', reject);
      },
    );
    sent.on('error', (error) => reject(new Error(`the model server did not answer: ${error.message}`)));
    sent.end(text);
  });
}
