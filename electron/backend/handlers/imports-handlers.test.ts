import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaitJob } from '../../../shared/client/await-job.js';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EventMessage } from '../../../shared/contract/events.js';
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
    expect(await awaitJob(triad.client, jobId, 'import')).toMatchObject({
      table: 'weather',
      rowsImported: 1461,
      created: true,
    });
    expect(events.some((event) => event.name === 'jobs.progress' && event.payload.jobId === jobId)).toBe(true);
    expect((await triad.client.invoke('jobs.list', {}))[0]).toMatchObject({
      id: jobId,
      kind: 'import',
      state: 'succeeded',
      title: 'Replace weather with seattle-weather.csv',
    });

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

  it('records a failed import as a failed job with the reason, and refuses bad requests up front', async () => {
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
    await expect(awaitJob(triad.client, jobId, 'import')).rejects.toThrow('more than 0 rows do not fit');
    expect(await triad.client.invoke('jobs.get', { id: jobId })).toMatchObject({
      state: 'failed',
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
