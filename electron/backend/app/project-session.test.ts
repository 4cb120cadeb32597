import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../contract/event-bus.js';
import { createProject } from '../db/project-folder.js';
import { JobManager } from '../jobs/job-manager.js';
import { PipelineRunner } from '../jobs/pipeline-runner.js';
import { WorkerPool } from '../jobs/worker-pool.js';
import { ServiceSupervisor } from '../services/service-supervisor.js';
import { SettingsStore } from '../settings/settings-store.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { ProjectSession } from './project-session.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

/** A session with no services; its pool starts no thread unless a job runs. */
function sessionIn(appDataDir: string) {
  const bus = new EventBus();
  const pool = new WorkerPool(1);
  const jobs = new JobManager(pool, bus, 'app');
  const supervisor = new ServiceSupervisor([], () => {});
  const session = new ProjectSession(
    appDataDir,
    new SettingsStore(appDataDir),
    supervisor,
    jobs,
    new PipelineRunner(jobs),
    bus,
    () => {},
  );
  return { session, close: () => pool.close() };
}

function newProjectFolder(name: string): string {
  const dir = join(temporaryFolder('projects'), name);
  createProject(dir, name).close();
  return dir;
}

describe('the project session', () => {
  it('keeps one prediction log connection per open project, closed when the project switches or closes', async () => {
    const { session, close } = sessionIn(temporaryFolder('appdata'));
    const first = newProjectFolder('first');
    await session.start(first);
    const log = session.predictionLog.use((db) => db);
    expect(session.predictionLog.use((db) => db)).toBe(log);
    expect(log.name).toBe(join(first, 'predictions.sqlite'));

    await session.open(newProjectFolder('second'));
    expect(log.open).toBe(false);
    const second = session.predictionLog.use((db) => db);
    expect(second.name).toContain(join('second', 'predictions.sqlite'));

    await session.close();
    expect(second.open).toBe(false);
    expect(() => session.predictionLog).toThrow('no project is open');
    await close();
  });
});
