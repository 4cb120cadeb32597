import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../db/project-folder.js';
import { EVENT_COLUMN } from '../features/online-store.js';
import { createSampleProject } from '../sample/sample-project.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { materializeViews } from '../use-cases/materialize-views.js';
import { EntityFeatures } from './entity-features.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const resource of opened.splice(0)) resource.close();
});

describe('EntityFeatures', () => {
  it('reads a service afresh once its online tables changed under it, and says what to do when one is gone', async () => {
    const project = await createSampleProject(join(temporaryFolder('entity-features'), 'sample'));
    const features = new EntityFeatures(join(project.path, DATABASE_FILE), 0);
    opened.push(project, features);
    const lookup = () => features.lookup('delay_prediction', [{ origin: 'BWI' }], Date.now());
    expect(features.keysNeeded('delay_prediction')).toEqual(['origin']);
    expect(lookup()[0]?.status).toBe('found');

    project.db.exec('DROP TABLE triad_online__airport_departures');
    expect(lookup).toThrow('feature view airport_departures has not been materialized: run triad materialize');

    materializeViews(project.db, { views: null, startMs: null, endMs: Date.now() });
    expect(lookup()[0]?.features.map((feature) => feature.feature)).toEqual([
      'avg_delay',
      'max_delay',
      'departures',
      'distance',
    ]);
  });

  it('answers from one snapshot for the length of its lease, then from what was committed since', async () => {
    const project = await createSampleProject(join(temporaryFolder('entity-features'), 'sample'));
    const features = new EntityFeatures(join(project.path, DATABASE_FILE), 40);
    opened.push(project, features);
    const eventTimes = () =>
      features
        .lookup('delay_prediction', [{ origin: 'BWI' }, { origin: 'BWI' }], Date.now())
        .map((lookup) => lookup.features.find((feature) => feature.feature === 'distance')?.eventTs);
    const [before] = eventTimes();
    expect(typeof before).toBe('number');
    project.db.exec(`UPDATE triad_online__airport_departures SET ${EVENT_COLUMN} = 7 WHERE origin = 'BWI'`);
    expect(eventTimes()).toEqual([before, before]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(eventTimes()).toEqual([7, 7]);
  });

  it("leaves an entity without its join key to the caller, in the user's words", async () => {
    const project = await createSampleProject(join(temporaryFolder('entity-features'), 'sample'));
    const features = new EntityFeatures(join(project.path, DATABASE_FILE));
    opened.push(project, features);
    expect(() => features.lookup('delay_prediction', [{ airport: 'BWI' }], Date.now())).toThrow(
      'the entity needs origin, the join key of feature view airport_daily_delays',
    );
  });
});
