import { describe, expect, it } from 'vitest';
import { spawnThread } from './spawn-thread.js';

const script = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`);

function outcome(source: string, finishOnMessage = false) {
  return new Promise<{ messages: unknown[]; error: Error | null }>((resolve) => {
    const messages: unknown[] = [];
    const thread = spawnThread<unknown>(
      script(source),
      { name: 'the test thread' },
      {
        message: (message) => {
          messages.push(message);
          if (finishOnMessage) {
            thread.finish();
            setTimeout(() => resolve({ messages, error: null }), 100);
          }
        },
        failed: (error) => resolve({ messages, error }),
      },
    );
  });
}

describe('spawnThread', () => {
  it('delivers messages, and an exit after finish() is not a failure', async () => {
    const { messages, error } = await outcome(
      "import { parentPort } from 'node:worker_threads'; parentPort.postMessage('done');",
      true,
    );
    expect(messages).toEqual(['done']);
    expect(error).toBeNull();
  });

  it('reports an exit before the work was delivered once, naming the thread and the code', async () => {
    const { error } = await outcome('process.exit(3)');
    expect(error?.message).toBe('the test thread stopped unexpectedly (exit code 3)');
  });

  it('reports an error thrown in the thread', async () => {
    const { error } = await outcome("throw new Error('broken on purpose')");
    expect(error?.message).toContain('broken on purpose');
  });

  it('reports a terminated thread as stopped, not as broken', async () => {
    const error = await new Promise<Error>((resolve) => {
      const thread = spawnThread(
        script('setInterval(() => {}, 1000)'),
        { name: 'the test thread' },
        {
          message: () => {},
          failed: resolve,
        },
      );
      void thread.terminate();
    });
    expect(error).toMatchObject({ code: 'cancelled', message: 'the test thread was stopped' });
  });
});
