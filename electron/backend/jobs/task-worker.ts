import { parentPort, workerData } from 'node:worker_threads';
import { errorBody } from '../error-body.js';
import { type HeavyTaskName, runHeavyTask } from './heavy-tasks.js';

const { projectDir, task, input } = workerData as { projectDir: string; task: HeavyTaskName; input: never };
try {
  const result = await runHeavyTask(projectDir, task, input, (progress) => parentPort?.postMessage({ progress }));
  parentPort?.postMessage({ ok: true, result });
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    error: errorBody(error),
  });
}
