import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract/events.js';
import { startBackend } from './backend.js';
import { temporaryFoldersCleanedAfterEachTest } from './test-support/temporary-folder.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

async function backendIn(appDataDir: string, projectPath?: string) {
  return startBackend({
    appDataDir,
    runtime: 'node',
    modelServer: { host: '127.0.0.1', port: 0 },
    poolThreads: 1,
    ...(projectPath ? { projectPath } : {}),
  });
}

describe('backend', () => {
  it('creates and opens the embedded default project on first start', async () => {
    const appData = temporaryFolder('appdata');
    const backend = await backendIn(appData);
    const project = await backend.client.invoke('project.current', {});
    expect(project).toMatchObject({ name: 'Flights sample', path: join(appData, 'default-project'), isDefault: true });
    expect(existsSync(join(appData, 'default-project', 'triad.sqlite'))).toBe(true);
    await backend.close();
  });

  it('switches projects, pushes the change, and reopens the last project at the next start', async () => {
    const appData = temporaryFolder('appdata');
    const second = join(temporaryFolder('projects'), 'second');
    const backend = await backendIn(appData);
    const events: EventMessage[] = [];
    backend.subscribe((event) => events.push(event));
    const created = await backend.client.invoke('project.create', { path: second, name: 'Second' });
    expect(created).toMatchObject({ name: 'Second', path: second, isDefault: false });
    expect(events.find((event) => event.name === 'project.changed')?.payload).toMatchObject({ name: 'Second' });
    const lastServices = events.filter((event) => event.name === 'services.changed').at(-1);
    expect(lastServices?.payload).toSatisfy((statuses: { state: string }[]) => statuses.every((s) => s.state === 'up'));
    await backend.client.invoke('settings.setRole', { role: 'data-scientist' });
    await backend.close();

    const restarted = await backendIn(appData);
    expect((await restarted.client.invoke('project.current', {})).name).toBe('Second');
    expect((await restarted.client.invoke('settings.get', {})).role).toBe('data-scientist');
    const recent = await restarted.client.invoke('project.recent', {});
    expect(recent.map((entry) => entry.name)).toEqual(['Second', 'Flights sample']);
    await restarted.close();
  });

  it('keeps the current project and its services when another folder is refused', async () => {
    const backend = await backendIn(temporaryFolder('appdata'));
    const before = await backend.client.invoke('project.current', {});
    const reply = await backend.invoke('project.open', { path: temporaryFolder('empty') });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_a_project' } });
    expect(await backend.client.invoke('project.current', {})).toEqual(before);
    const services = await backend.client.invoke('services.list', {});
    expect(services.map((service) => service.state)).toEqual(['up', 'up', 'up']);
    await backend.close();
  });

  it('fails to start on an explicit project that cannot be opened', async () => {
    await expect(backendIn(temporaryFolder('appdata'), '/no/such/project')).rejects.toThrow(
      'There is no folder at /no/such/project',
    );
  });

  it('falls back to the default project when the last one has gone', async () => {
    const appData = temporaryFolder('appdata');
    const gone = join(temporaryFolder('projects'), 'gone');
    const backend = await backendIn(appData);
    await backend.client.invoke('project.create', { path: gone });
    await backend.close();
    rmSync(gone, { recursive: true });
    const restarted = await backendIn(appData);
    expect((await restarted.client.invoke('project.current', {})).isDefault).toBe(true);
    expect((await restarted.client.invoke('project.recent', {})).find((entry) => entry.path === gone)?.exists).toBe(
      false,
    );
    await restarted.close();
  });
});
