import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../../shared/contract/schemas.js';
import { createProject } from '../db/project-folder.js';
import { WorkerPool } from '../jobs/worker-pool.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { createFeatureStoreService } from './feature-store-service.js';
import { createModelServerService } from './model-server-service.js';
import { createPipelineRunnerService } from './pipeline-runner-service.js';
import type { Service } from './service.js';
import { ServiceSupervisor } from './service-supervisor.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function newProject() {
  return createProject(join(temporaryFolder(), 'project'));
}

describe('ServiceSupervisor', () => {
  it('starts the three real services and reports each one up with what it runs', async () => {
    const project = newProject();
    const pool = new WorkerPool(2);
    const changes: ServiceStatus[][] = [];
    const supervisor = new ServiceSupervisor(
      [
        createFeatureStoreService(),
        createPipelineRunnerService(pool),
        createModelServerService({ host: '127.0.0.1', port: 0 }, () => {}),
      ],
      (statuses) => changes.push(statuses),
    );
    await supervisor.startAll(project);
    const statuses = supervisor.statuses();
    expect(statuses.map((status) => [status.id, status.state])).toEqual([
      ['feature-store', 'up'],
      ['pipeline-runner', 'up'],
      ['model-server', 'up'],
    ]);
    expect(statuses[0]?.detail).toMatch(/^SQLite 3\.\d+\.\d+, WAL journal, 0 tables$/);
    expect(statuses[1]?.detail).toBe('2 worker threads: idle');
    const url = statuses[2]?.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/v2/health/ready`)).json()).toEqual({ ready: true });
    expect(changes.some((snapshot) => snapshot.some((status) => status.state === 'starting'))).toBe(true);
    await supervisor.stopAll();
    await pool.close();
    expect(supervisor.statuses().every((status) => status.state === 'stopped')).toBe(true);
    await expect(fetch(`${url}/v2/health/live`)).rejects.toThrow();
    project.close();
  });

  it('shows the model server failed, with the reason, when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const project = newProject();
    const supervisor = new ServiceSupervisor(
      [createModelServerService({ host: '127.0.0.1', port }, () => {})],
      () => {},
    );
    await supervisor.startAll(project);
    expect(supervisor.get('model-server')).toMatchObject({
      state: 'failed',
      error: `port ${port} on 127.0.0.1 is already in use: stop what holds it, or choose another port`,
    });
    blocker.close();
    expect((await supervisor.restart('model-server', project)).state).toBe('up');
    await supervisor.stopAll();
    project.close();
  });

  it('moves the model server to a free port when its default port is taken, says so, and restarts there', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const project = newProject();
    const changes: ServiceStatus[][] = [];
    const supervisor = new ServiceSupervisor(
      [createModelServerService({ host: '127.0.0.1', port, anyPortIfBusy: true }, () => {})],
      (statuses) => changes.push(statuses),
    );
    await supervisor.startAll(project);
    const first = supervisor.get('model-server');
    expect(first).toMatchObject({ state: 'up', detail: expect.stringMatching(`\\(port ${port} was in use\\)$`) });
    expect(changes.at(-1)?.[0]).toEqual(first);
    const firstPort = Number(new URL(first.url ?? '').port);
    expect(firstPort).not.toBe(port);
    expect(await (await fetch(`${first.url}/v2/health/ready`)).json()).toEqual({ ready: true });

    const restarted = await supervisor.restart('model-server', project);
    expect(restarted.state).toBe('up');
    expect(Number(new URL(restarted.url ?? '').port)).not.toBe(port);
    expect(await (await fetch(`${restarted.url}/v2/health/live`)).json()).toEqual({ live: true });

    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const home = await supervisor.restart('model-server', project);
    expect(home).toMatchObject({ state: 'up', url: `http://127.0.0.1:${port}` });
    expect(home.detail).not.toContain('was in use');
    await supervisor.stopAll();
    project.close();
  });

  it('marks a service failed when it breaks after starting, and keeps the others up', async () => {
    let breakIt: (reason: string) => void = () => {};
    const fragile: Service = {
      id: 'pipeline-runner',
      async start(context) {
        breakIt = context.reportFailure;
        return { detail: 'fine' };
      },
      async stop() {},
    };
    const project = newProject();
    const supervisor = new ServiceSupervisor([createFeatureStoreService(), fragile], () => {});
    await supervisor.startAll(project);
    breakIt('a worker thread stopped unexpectedly (exit code 1)');
    expect(supervisor.get('pipeline-runner')).toMatchObject({
      state: 'failed',
      error: 'a worker thread stopped unexpectedly (exit code 1)',
    });
    expect(supervisor.get('feature-store').state).toBe('up');
    project.close();
  });

  it('reports a service that throws while starting as failed with its message', async () => {
    const broken: Service = {
      id: 'model-server',
      start: async () => {
        throw new Error('onnxruntime-node could not be loaded: missing binary');
      },
      stop: async () => {},
    };
    const project = newProject();
    const supervisor = new ServiceSupervisor([broken], () => {});
    await supervisor.startAll(project);
    expect(supervisor.get('model-server')).toMatchObject({
      state: 'failed',
      error: 'onnxruntime-node could not be loaded: missing binary',
    });
    project.close();
  });
});
