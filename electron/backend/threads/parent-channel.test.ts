import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { compiledModuleUrl } from './compiled-module.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('parentChannel in a child process', () => {
  it('ends cleanly when told to close by a message that arrived before anyone listened', async () => {
    const channelModule = compiledModuleUrl('./parent-channel.js', import.meta.url);
    const file = join(temporaryFolder('channel'), 'child.mjs');
    // The child listens only after a while (as a worker does once its modules are loaded), so the
    // messages wait in Node's queue and reach the listener together.
    writeFileSync(
      file,
      `import { parentChannel } from ${JSON.stringify(channelModule.href)};
       await new Promise((resolve) => setTimeout(resolve, 300));
       const channel = parentChannel();
       channel.onMessage((message) => { if (message === 'exit') channel.close(); });`,
    );
    const child = fork(file, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.send('prepare');
    child.send('exit');
    expect(await exited).toBe(0);
    expect(errors).toBe('');
  });
});
