import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleEvent, ScheduleEvents } from '../../../shared/contract/pipeline-schedules.js';
import { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { createProject, openProject } from '../db/project-folder.js';
import { replaceTableFromQuery } from '../pipelines/derived-tables.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { PipelineScheduleStore } from '../pipelines/schedule-store.js';
import { FakeClock } from '../test-support/fake-clock.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { JobManager } from './job-manager.js';
import { PipelineRunner } from './pipeline-runner.js';
import { PipelineScheduler } from './pipeline-scheduler.js';
import { startPipelineRun } from './start-pipeline-run.js';
import { WorkerPool } from './worker-pool.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOUR = 3_600_000;

/** A one-step pipeline that copies `events` into `events_copy`, with what makes it run by itself. */
function pipelineText(name: string, when: string): string {
  return `name: ${name}
${when}
steps:
  - name: copy
    kind: sql
    with: { sql: "SELECT * FROM events", table: ${name}_copy }
`;
}

interface Setup {
  project: Project;
  clock: FakeClock;
  published: ScheduleEvents[];
  runs: PipelineRunStore;
  history: (pipeline: string) => ScheduleEvent[];
  writePipeline(name: string, when: string): void;
  /** A scheduler as the app starts one when the project opens; stopped when the test ends. */
  open(options?: { pollMs?: number; missedListed?: number; project?: Project }): PipelineScheduler;
  runEnded(runId: string | null): Promise<void>;
}

function setUp(start: string): Setup {
  const project = createProject(join(temporaryFolder('scheduler'), 'project'));
  replaceTableFromQuery(project.db, 'events', 'SELECT 1 AS n');
  const pool = new WorkerPool(1);
  const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'app'), 1);
  cleanups.push(
    () => project.close(),
    async () => {
      await pool.close();
    },
    () => runner.cancelAll(),
  );
  const clock = new FakeClock(start);
  const published: ScheduleEvents[] = [];
  const runs = new PipelineRunStore(project.db);
  return {
    project,
    clock,
    published,
    runs,
    history: (pipeline) => new PipelineScheduleStore(project.db).history(pipeline, 500),
    writePipeline(name, when) {
      mkdirSync(join(project.path, 'pipelines'), { recursive: true });
      writeFileSync(join(project.path, 'pipelines', `${name}.yaml`), pipelineText(name, when));
    },
    open(options = {}) {
      const opened = options.project ?? project;
      const scheduler = new PipelineScheduler({
        project: opened,
        startRun: (request) => startPipelineRun(runner, new EventBus(), opened, request),
        onEvents: (events) => published.push(events),
        onError: (message) => {
          throw new Error(message);
        },
        clock,
        pollMs: options.pollMs ?? HOUR,
        ...(options.missedListed === undefined ? {} : { missedListed: options.missedListed }),
      });
      scheduler.start();
      cleanups.push(() => scheduler.stop());
      return scheduler;
    },
    async runEnded(runId) {
      await expect.poll(() => runs.get(runId as string).state, { timeout: 20_000 }).toBe('succeeded');
    },
  };
}

const outcomes = (events: readonly ScheduleEvent[]) =>
  events.map((event) => [event.dueAt ?? event.table, event.outcome]);

describe('PipelineScheduler: schedules', () => {
  it('starts a run at each fire time, read in the schedule’s time zone across a change to summer time', async () => {
    const setup = setUp('2026-03-27T12:00:00Z');
    setup.writePipeline('daily', 'schedule: { cron: "0 6 * * *", timezone: Europe/Paris }');
    setup.open();
    // 06:00 in Paris is 05:00 UTC in winter time...
    setup.clock.advanceTo('2026-03-28T04:59:59Z');
    expect(setup.history('daily')).toEqual([]);
    setup.clock.advanceTo('2026-03-28T05:00:00Z');
    const [first] = setup.history('daily');
    expect(first).toMatchObject({ source: 'schedule', dueAt: '2026-03-28T05:00:00.000Z', outcome: 'started' });
    expect(setup.runs.get(first?.runId as string)).toMatchObject({ pipeline: 'daily', reason: 'schedule' });
    await setup.runEnded(first?.runId ?? null);
    // ...and 04:00 UTC from Sunday 29 March, in summer time.
    setup.clock.advanceTo('2026-03-29T03:59:59Z');
    expect(setup.history('daily')).toHaveLength(1);
    setup.clock.advanceTo('2026-03-29T04:00:00Z');
    expect(outcomes(setup.history('daily'))).toEqual([
      ['2026-03-29T04:00:00.000Z', 'started'],
      ['2026-03-28T05:00:00.000Z', 'started'],
    ]);
    expect(setup.published.map((entry) => entry.events.map((event) => event.outcome))).toEqual([
      ['started'],
      ['started'],
    ]);
    await setup.runEnded(setup.history('daily')[0]?.runId ?? null);
  }, 30_000);

  it('never runs a pipeline twice at once: a fire time while its run runs is recorded as skipped', async () => {
    const setup = setUp('2026-05-01T12:00:30Z');
    setup.writePipeline('minutely', 'schedule: { cron: "* * * * *", timezone: UTC }');
    setup.open();
    setup.clock.advanceTo('2026-05-01T12:01:00Z');
    const [started] = setup.history('minutely');
    expect(started?.outcome).toBe('started');
    // The run started at 12:01 has not ended at 12:02.
    setup.clock.advanceTo('2026-05-01T12:02:00Z');
    expect(setup.history('minutely')[0]).toMatchObject({
      dueAt: '2026-05-01T12:02:00.000Z',
      outcome: 'skipped_overlap',
      runId: null,
      message: `run ${started?.runId} of the pipeline was still running`,
    });
    await setup.runEnded(started?.runId ?? null);
    setup.clock.advanceTo('2026-05-01T12:03:00Z');
    expect(outcomes(setup.history('minutely'))).toEqual([
      ['2026-05-01T12:03:00.000Z', 'started'],
      ['2026-05-01T12:02:00.000Z', 'skipped_overlap'],
      ['2026-05-01T12:01:00.000Z', 'started'],
    ]);
    expect(setup.runs.list('minutely')).toHaveLength(2);
    await setup.runEnded(setup.history('minutely')[0]?.runId ?? null);
  }, 30_000);

  it('reports the fire times missed while the project was closed, without running them', () => {
    const setup = setUp('2026-06-01T08:00:00Z');
    setup.writePipeline('daily', 'schedule: { cron: "30 7 * * *", timezone: America/New_York }');
    setup.open().stop();
    // Closed for three days and a half: 07:30 in New York (11:30 UTC) passed on 1, 2 and 3 June.
    setup.clock.advanceTo('2026-06-04T08:00:00Z');
    setup.open();
    expect(outcomes(setup.history('daily'))).toEqual([
      ['2026-06-03T11:30:00.000Z', 'missed'],
      ['2026-06-02T11:30:00.000Z', 'missed'],
      ['2026-06-01T11:30:00.000Z', 'missed'],
    ]);
    expect(setup.runs.list('daily')).toEqual([]);
    expect(setup.published).toEqual([{ pipeline: 'daily', events: setup.history('daily').reverse() }]);
    // Opening again right after finds nothing more.
    setup.open();
    expect(setup.history('daily')).toHaveLength(3);
  });

  it('lists the first missed fire times one by one and counts the rest in one entry', () => {
    const setup = setUp('2026-06-01T08:00:00Z');
    setup.writePipeline('minutely', 'schedule: { cron: "* * * * *", timezone: UTC }');
    setup.open().stop();
    setup.clock.advanceTo('2026-06-01T11:00:00Z');
    setup.open({ missedListed: 100 });
    const history = setup.history('minutely');
    expect(history).toHaveLength(101);
    expect(history.every((event) => event.outcome === 'missed')).toBe(true);
    expect(history.at(-1)).toMatchObject({ dueAt: '2026-06-01T08:01:00.000Z', occurrences: 1 });
    expect(history[0]).toMatchObject({
      dueAt: '2026-06-01T09:41:00.000Z',
      occurrences: 80,
      message: '80 more fire times were missed, from 2026-06-01T09:41:00.000Z to 2026-06-01T11:00:00.000Z',
    });
    expect(setup.runs.list('minutely')).toEqual([]);
  });

  it('refuses each run while the pipeline file has problems, and counts a changed schedule from the change', () => {
    const setup = setUp('2026-06-01T08:00:00Z');
    setup.writePipeline('daily', 'schedule: { cron: "0 9 * * *", timezone: UTC }');
    setup.open();
    writeFileSync(join(setup.project.path, 'pipelines', 'daily.yaml'), 'name: daily\nsteps: []\n');
    setup.clock.advanceTo('2026-06-01T09:00:00Z');
    expect(setup.history('daily')).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        message:
          'daily.yaml has a problem (line 2: steps: a pipeline needs at least one step): mend it for the pipeline to run',
      }),
    ]);
    setup.writePipeline('daily', 'schedule: { cron: "30 9 * * *", timezone: UTC }');
    // 09:30 passed before the next check read the new schedule: it is no fire time of it.
    setup.clock.advanceTo('2026-06-02T09:29:00Z');
    expect(setup.history('daily')).toHaveLength(1);
  });
});

describe('PipelineScheduler: two processes with one project open', () => {
  it('act once on each fire time and each table change between them', async () => {
    const setup = setUp('2026-05-01T12:00:30Z');
    setup.writePipeline('minutely', 'schedule: { cron: "* * * * *", timezone: UTC }\ntriggers: [ { table: events } ]');
    const other = openProject(setup.project.path);
    cleanups.push(() => other.close());
    setup.open({ pollMs: 5000 });
    setup.open({ pollMs: 5000, project: other });
    setup.clock.advanceTo('2026-05-01T12:01:00Z');
    expect(outcomes(setup.history('minutely'))).toEqual([['2026-05-01T12:01:00.000Z', 'started']]);
    await setup.runEnded(setup.history('minutely')[0]?.runId ?? null);
    replaceTableFromQuery(other.db, 'events', 'SELECT 3 AS n');
    setup.clock.advanceBy(5000);
    expect(outcomes(setup.history('minutely'))).toEqual([
      ['events', 'started'],
      ['2026-05-01T12:01:00.000Z', 'started'],
    ]);
    await setup.runEnded(setup.history('minutely')[0]?.runId ?? null);
  }, 30_000);
});

describe('PipelineScheduler: triggers', () => {
  it('runs once when its table gets new data, written by another process, and not again without', async () => {
    const setup = setUp('2026-06-01T08:00:00Z');
    setup.writePipeline('on_events', 'triggers: [ { table: events } ]');
    setup.open({ pollMs: 5000 });
    // A new trigger first looks at its table: the rows already there start nothing.
    setup.clock.advanceBy(15_000);
    expect(setup.history('on_events')).toEqual([]);
    const before = new PipelineScheduleStore(setup.project.db).triggerMark('on_events', 'events');
    expect(before).toMatchObject({ rows: 1 });
    const importer = openProject(setup.project.path);
    replaceTableFromQuery(importer.db, 'events', 'SELECT 1 AS n UNION ALL SELECT 2');
    importer.close();
    setup.clock.advanceBy(5000);
    const [fired] = setup.history('on_events');
    expect(fired).toMatchObject({ source: 'trigger', table: 'events', change: { rows: 2 }, outcome: 'started' });
    expect(setup.runs.get(fired?.runId as string).reason).toBe('trigger');
    await setup.runEnded(fired?.runId ?? null);
    setup.clock.advanceBy(30_000);
    expect(setup.history('on_events')).toHaveLength(1);
  }, 30_000);
});
