import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

// Each test builds the flights sample first, which takes a few seconds on a busy machine.
describe('tables.drop on the sample project', () => {
  it('leaves a table feature views read as it is, naming them, and drops it only when forced', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const tableNames = async () => (await triad.client.invoke('tables.list', {})).map((table) => table.name);
    const refused = await triad.client.invoke('tables.drop', { table: 'flights' });
    expect(refused).toMatchObject({ table: 'flights', dropped: false });
    expect(refused.dependents.featureViews).toEqual(['airport_daily_delays', 'airport_departures']);
    expect(await tableNames()).toContain('flights');

    const forced = await triad.client.invoke('tables.drop', { table: 'flights', force: true });
    expect(forced).toMatchObject({ table: 'flights', dropped: true, dependents: refused.dependents });
    expect(await tableNames()).not.toContain('flights');
    await triad.close();
  }, 30_000);

  it('refuses an unknown table, naming the tables there are', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    await expect(triad.client.invoke('tables.drop', { table: 'flight' })).rejects.toThrow(
      /^there is no table named flight \(tables: .*flights/,
    );
    await expect(triad.client.invoke('tables.drop', { table: ' ' })).rejects.toThrow('name the table to drop');
    await triad.close();
  }, 30_000);
});
