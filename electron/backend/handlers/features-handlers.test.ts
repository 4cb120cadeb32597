import { describe, expect, it } from 'vitest';
import { awaitJob, runJob } from '../../../shared/client/await-job.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('feature store methods on the sample project', () => {
  it('lists the catalog with its definitions as YAML that applies back unchanged', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const catalog = await triad.client.invoke('features.catalog', {});
    expect(catalog.featureViews.map((view) => [view.name, view.joinKeys, view.features])).toEqual([
      ['airport_daily_delays', ['origin'], ['avg_delay', 'max_delay', 'departures']],
      ['airport_departures', ['origin'], ['delay', 'distance']],
    ]);
    // The sample materializes every departure: the latest event read is the last day's end.
    expect(catalog.featureViews[0]?.materializedUntil).toBe(Date.UTC(2001, 3, 1));
    const again = await triad.client.invoke('features.apply', { yaml: catalog.definitionsYaml, dryRun: true });
    expect(again.problems).toEqual([]);
    expect(again.changes.every((change) => change.action === 'unchanged')).toBe(true);
    await triad.close();
  });

  it('materializes from the start of time with progress events for each view, recorded in the history', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    const { jobId } = await triad.client.invoke('features.materialize', { startMs: 0 });
    const results = await awaitJob(triad.client, jobId, 'materialize');
    expect(results.map((result) => result.view)).toEqual(['airport_daily_delays', 'airport_departures']);
    const progress = events.flatMap((event) => (event.name === 'jobs.progress' ? [event.payload] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((report) => report.jobId === jobId && report.kind === 'materialize')).toBe(true);
    expect(progress[0]?.progress).toMatchObject({
      stage: 'running the quality checks of airport_daily_delays',
      counts: { view: 1, views: 2 },
    });
    const job = await triad.client.invoke('jobs.get', { id: jobId });
    expect(job).toMatchObject({ state: 'succeeded', title: 'Materialize every online feature view', origin: 'app' });
    expect(job.log.at(-1)?.message).toMatch(/^succeeded in \d+\.\d s$/);
    const history = await triad.client.invoke('features.materializations', {});
    expect(history.slice(0, 2).map((record) => record.startMs)).toEqual([0, 0]);
    await triad.close();
  });

  it("reads an entity's online features with a status each, judged at the time asked", async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const read = (entity: Record<string, string | number>, atMs: number) =>
      triad.client.invoke('features.online', { service: 'delay_prediction', entity, atMs });
    // SEA's last departure of the sample left on 2001-03-31 at 07:56 for JFK, 2,421 miles away.
    const morning = await read({ origin: 'SEA' }, Date.UTC(2001, 2, 31, 12));
    expect(morning.status).toBe('found');
    expect(morning.features.map((entry) => [entry.feature, entry.status])).toEqual([
      ['avg_delay', 'future'],
      ['max_delay', 'future'],
      ['departures', 'future'],
      ['distance', 'present'],
    ]);
    expect(morning.features[3]).toMatchObject({ value: 2421, eventTs: Date.UTC(2001, 2, 31, 7, 56) });
    const later = await read({ origin: 'SEA' }, Date.UTC(2001, 3, 2));
    expect(later.features.map((entry) => entry.status)).toEqual(['present', 'present', 'present', 'outside_ttl']);
    expect(later.features[2]?.value).toEqual(expect.any(Number));
    const unknown = await read({ origin: 'ZZZ' }, Date.UTC(2001, 3, 2));
    expect(unknown.status).toBe('not_found');
    expect(unknown.features.every((entry) => entry.status === 'not_found' && entry.value === null)).toBe(true);
    await expect(read({ airport: 'SEA' }, 0)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'the entity needs origin, the join key of feature view airport_daily_delays',
    });
    await expect(
      triad.client.invoke('features.online', { service: 'no_such_service', entity: { origin: 'SEA' } }),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('no_such_service') });
    await triad.close();
  });

  it('reports problems with their lines instead of failing the call', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const outcome = await triad.client.invoke('features.apply', {
      yaml: 'feature_views:\n  - name: x\n',
      dryRun: false,
    });
    expect(outcome.applied).toBe(false);
    expect(outcome.problems[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(
        /^feature view `x` is missing `entities` \(a list of entity names, e.g. \[trip\]\), `source`/,
      ),
    });
    await triad.close();
  });

  it('deletes only what the caller confirmed: an empty apply is refused until its deletions are confirmed', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const before = await triad.client.invoke('features.catalog', {});
    await expect(triad.client.invoke('features.apply', { yaml: '', dryRun: false })).rejects.toThrow(
      /^applying would delete entity airport, feature view airport_departures, .*quality check daily_departures_counted, which was not confirmed; nothing was applied$/,
    );
    expect((await triad.client.invoke('features.catalog', {})).definitionsYaml).toBe(before.definitionsYaml);
    const plan = await triad.client.invoke('features.apply', { yaml: '', dryRun: true });
    const deletions = plan.changes.filter((change) => change.action === 'delete');
    expect(deletions.length).toBeGreaterThan(3);
    const outcome = await triad.client.invoke('features.apply', {
      yaml: '',
      dryRun: false,
      confirmedDeletions: deletions.map(({ kind, name }) => ({ kind, name })),
    });
    expect(outcome.applied).toBe(true);
    const after = await triad.client.invoke('features.catalog', {});
    expect([after.entities, after.featureViews, after.services, after.definitionsYaml]).toEqual([[], [], [], '']);
    await triad.close();
  });

  it('drafts definitions from the project’s tables that check without problems', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const { yaml } = await runJob(triad.client, 'definitions-draft', (client) =>
      client.invoke('features.skeleton', {}),
    );
    expect(yaml).toMatch(/^# Drafted from this project's tables/);
    // The sample's tables have no id column: each gets a commented entity and view to start from.
    expect(yaml).toContain('  #     SELECT rowid AS flight_id, date, delay, distance FROM flights\n');
    expect(yaml).not.toContain('training_delay_prediction');
    const plan = await triad.client.invoke('features.apply', { yaml, dryRun: true });
    expect(plan.problems).toEqual([]);
    const uncommented = yaml.replace(/^ {2}# (?=- name| {2})/gm, '  ');
    const planned = await triad.client.invoke('features.apply', { yaml: uncommented, dryRun: true });
    expect(planned.problems).toEqual([]);
    expect(planned.changes.filter((change) => change.action === 'create').map((change) => change.name)).toContain(
      'flights_features',
    );
    await triad.close();
  });

  it('refuses definitions whose view source holds a second statement, keeping the catalog and the data', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const catalog = await triad.client.invoke('features.catalog', {});
    const count = async () => (await triad.client.invoke('tables.rows', { source: 'flights', limit: 1 })).total;
    const flights = await count();
    const yaml = catalog.definitionsYaml.replace(
      'FROM flights\n    timestamp_field: departed_at',
      'FROM flights; DELETE FROM flights\n    timestamp_field: departed_at',
    );
    expect(yaml).toContain('; DELETE FROM flights');
    const outcome = await triad.client.invoke('features.apply', { yaml, dryRun: false });
    expect(outcome.applied).toBe(false);
    expect(outcome.problems).toEqual([
      {
        line: expect.any(Number),
        message: expect.stringContaining(
          'feature view airport_departures: only one statement can run here, and this SQL holds more than one',
        ),
      },
    ]);
    expect(await count()).toBe(flights);
    expect((await triad.client.invoke('features.catalog', {})).definitionsYaml).toBe(catalog.definitionsYaml);
    await triad.close();
  });

  it('pages, sorts and filters rows, computes statistics, and builds a training set', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const page = await triad.client.invoke('tables.rows', {
      source: 'flights',
      orderBy: 'delay',
      descending: true,
      limit: 3,
      filter: 'SFO',
    });
    expect(page.columns.map((column) => column.name)).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    expect(page.rows).toHaveLength(3);
    expect(page.rows.every((row) => row.includes('SFO'))).toBe(true);
    expect(page.total).toBeGreaterThan(100);
    const uncounted = await triad.client.invoke('tables.rows', { source: 'flights', limit: 3, countTotal: false });
    expect(uncounted.total).toBeNull();
    expect(uncounted.rows).toHaveLength(3);
    const stats = await runJob(triad.client, 'table-stats', (client) =>
      client.invoke('tables.stats', { source: 'flights' }),
    );
    const delay = stats.columns.find((column) => column.name === 'delay');
    expect(delay?.numeric?.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(20000);
    expect(stats.columns.find((column) => column.name === 'origin')?.topValues[0]).toEqual({
      value: 'DFW',
      count: 1103,
    });
    expect(stats.correlations.columns).toEqual(['delay', 'distance']);
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    const built = await runJob(triad.client, 'training-set', (client) =>
      client.invoke('features.buildTrainingSet', {
        entityTable: 'departure_labels',
        service: 'delay_prediction',
        table: 'training_again',
      }),
    );
    expect(built).toMatchObject({
      table: 'training_again',
      rows: 2000,
      featureViews: ['airport_daily_delays', 'airport_departures'],
      warnings: [],
    });
    const stages = events.flatMap((event) =>
      event.name === 'jobs.progress' && event.payload.kind === 'training-set'
        ? [[event.payload.progress.stage, event.payload.progress.done, event.payload.progress.total]]
        : [],
    );
    // Progress events are thinned out to a few a second, so a quick build may report its first stage only.
    expect(stages[0]).toEqual(['joining the features of airport_daily_delays', 0, 2]);
    expect(stages.every(([, , total]) => total === 2)).toBe(true);
    expect((await triad.client.invoke('features.trainingSets', {}))[0]?.table).toBe('training_again');
    await expect(triad.client.invoke('tables.rows', { source: 'triad_tables' })).rejects.toThrow(
      'there is no table or feature view named triad_tables',
    );
    await triad.close();
  });
});
