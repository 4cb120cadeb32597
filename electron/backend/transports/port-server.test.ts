import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createPortTransport } from '../../../shared/client/port-transport.js';
import { createClient } from '../../../shared/client/triad-client.js';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { PortMessage } from '../../../shared/contract/wire.js';
import { startBackend } from '../backend.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { serveChannel } from './port-server.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('MessagePort transport', () => {
  it('carries calls, errors and events between a client port and the backend', async () => {
    const backend = await startBackend({
      appDataDir: temporaryFolder('appdata'),
      runtime: 'electron',
      modelServer: { host: '127.0.0.1', port: 0 },
      poolThreads: 1,
    });
    const { port1: backendSide, port2: clientSide } = new MessageChannel();
    serveChannel(backend, {
      onMessage: (listener) => backendSide.on('message', listener),
      onClose: (listener) => backendSide.on('close', listener),
      post: (message) => backendSide.postMessage(message),
    });
    const transport = createPortTransport(clientSide);
    clientSide.on('message', (message: PortMessage) => transport.receive(message));
    const client = createClient(transport);
    const events: EventMessage[] = [];
    client.subscribe((event) => events.push(event));

    expect((await client.invoke('app.info', {})).runtime).toBe('electron');
    await expect(client.invoke('project.open', { path: 42 as unknown as string })).rejects.toEqual(
      new TriadError('invalid_input', 'project.open: invalid input: path: a project path must be a string'),
    );
    await client.invoke('settings.setRole', { role: 'data-scientist' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toContainEqual({
      name: 'settings.changed',
      payload: expect.objectContaining({ role: 'data-scientist' }),
    });

    clientSide.close();
    await backend.close();
  });

  it('fails calls still waiting when the backend goes away, instead of hanging', async () => {
    const { port1, port2 } = new MessageChannel();
    const transport = createPortTransport(port1);
    const pending = transport.send('services.list', {});
    transport.failPending('the backend restarted; try again');
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the backend restarted; try again' },
    });
    port1.close();
    port2.close();
  });
});
