import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRaw } from '../test-support/raw-http.js';
import { createSafeListener, sendJson } from './safe-listener.js';

const servers: ReturnType<typeof createSafeListener>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A listener that refuses every request without reading its body. */
async function refusingListener(): Promise<number> {
  const server = createSafeListener({
    errorBody: (message) => ({ error: message }),
    handle: (_request, response) => sendJson(response, 405, { error: 'not here' }),
    onHandlerError: () => {},
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('sendJson', () => {
  it('refuses a body that is announced but never comes within a second', async () => {
    const port = await refusingListener();
    const started = performance.now();
    const answer = await sendRaw(port, 'POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n');
    expect(answer?.status).toBe(405);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
