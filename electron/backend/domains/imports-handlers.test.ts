import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { ImportOutcome } from '../../../shared/contract/schemas.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const WEATHER = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'node_modules',
  'vega-datasets',
  'data',
  'seattle-weather.csv',
);

function outcome(events: EventMessage[], jobId: string): Promise<ImportOutcome> {
  return new Promise((resolve) => {
    const check = () => {
      const finished = events.find((event) => event.name === 'imports.finished' && event.payload.jobId === jobId);
      if (finished) resolve(finished.payload as ImportOutcome);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('imports through the contract', () => {
  it('previews a file, imports it with progress events, and lists the table and the import', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    const preview = await triad.client.invoke('imports.preview', { path: WEATHER });
    expect(preview.columns.map((column) => column.type)).toEqual(['date', 'real', 'real', 'real', 'real', 'text']);
    expect(preview.rows[0]).toEqual(['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);

    const columns = preview.columns.map((column) => (column.name === 'weather' ? { ...column, name: 'kind' } : column));
    const { jobId } = await triad.client.invoke('imports.start', {
      path: WEATHER,
      table: 'weather',
      mode: 'replace',
      columns,
    });
    expect(await outcome(events, jobId)).toMatchObject({
      status: 'succeeded',
      table: 'weather',
      rowsImported: 1461,
      error: null,
    });
    expect(events.some((event) => event.name === 'imports.progress')).toBe(true);

    const table = (await triad.client.invoke('tables.list', {})).find((entry) => entry.name === 'weather');
    expect(table).toMatchObject({ name: 'weather', rows: 1461 });
    expect(table?.columns.map((column) => column.name)).toEqual([
      'date',
      'precipitation',
      'temp_max',
      'temp_min',
      'wind',
      'kind',
    ]);
    const [record] = await triad.client.invoke('imports.history', {});
    expect(record).toMatchObject({ table: 'weather', status: 'succeeded', rowsImported: 1461, format: 'csv' });
    await triad.close();
  });

  it('reports a failed import as an event with the reason, and refuses bad requests up front', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    const broken = join(temporaryFolder('files'), 'broken.csv');
    writeFileSync(broken, 'n\nx\ny\n');
    const { jobId } = await triad.client.invoke('imports.start', {
      path: broken,
      table: 'numbers',
      mode: 'replace',
      columns: [{ source: 'n', name: 'n', type: 'integer', format: null, skip: false }],
      maxQuarantined: 0,
    });
    expect(await outcome(events, jobId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('more than 0 rows do not fit'),
    });
    expect((await triad.client.invoke('tables.list', {})).map((table) => table.name)).not.toContain('numbers');
    await expect(triad.client.invoke('imports.preview', { path: '/no/such/file.csv' })).rejects.toEqual(
      new TriadError('not_found', 'there is no file at /no/such/file.csv'),
    );
    await expect(triad.client.invoke('imports.start', { path: broken, table: '', mode: 'append' })).rejects.toThrow(
      'name the table to import into',
    );
    await triad.close();
  });
});
