import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordTable } from '../db/table-catalog.js';
import { createSampleProject } from '../sample/sample-project.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { trainModelFromTable } from '../use-cases/train-model.js';
import { lineageGraph } from './lineage-graph.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('lineage', () => {
  it('traces the sample from its files to its training sets and, through its pipeline, to its model', async () => {
    const project = await createSampleProject(join(temporaryFolder('lineage'), 'sample'));
    const graph = lineageGraph(project.db);
    const label = new Map(graph.nodes.map((node) => [node.id, `${node.kind} ${node.label}`]));
    const edges = graph.edges.map((edge) => `${label.get(edge.from)} → ${label.get(edge.to)}`).sort();
    expect(edges).toEqual(
      [
        'file airports.csv → table airports',
        'file flights.ndjson → table flights',
        'table flights → table departure_labels',
        'table flights → feature view airport_daily_delays',
        'table flights → feature view airport_departures',
        'feature view airport_daily_delays → feature service delay_prediction',
        'feature view airport_departures → feature service delay_prediction',
        'feature service delay_prediction → training set training_delay_prediction',
        'table departure_labels → training set training_delay_prediction',
        'feature service delay_prediction → training set flight_delay_rows',
        'table departure_labels → training set flight_delay_rows',
        'training set flight_delay_rows → table flight_delay_features',
        'table flight_delay_features → table flight_delays_split_train',
        'table flight_delay_features → table flight_delays_split_test',
        'table flight_delays_split_train → model flight_delays:1',
      ].sort(),
    );
    project.close();
  });

  it('draws each model version from the training set or table it was trained on', async () => {
    const project = await createSampleProject(join(temporaryFolder('lineage'), 'sample'));
    const request = {
      label: 'delayed',
      algorithm: 'logreg' as const,
      params: {},
      features: ['avg_delay', 'distance'],
      validTable: null,
      validFraction: 0.2,
      seed: 0,
      register: 'delays',
      out: null,
    };
    trainModelFromTable(project.db, project.path, { ...request, table: 'training_delay_prediction' });
    trainModelFromTable(project.db, project.path, {
      ...request,
      table: 'flights',
      label: 'delay',
      algorithm: 'linreg',
      features: ['distance'],
      register: 'minutes',
    });
    const graph = lineageGraph(project.db);
    const label = new Map(graph.nodes.map((node) => [node.id, `${node.kind} ${node.label}`]));
    const intoModels = graph.edges.filter((edge) => label.get(edge.to)?.startsWith('model'));
    expect(intoModels.map((edge) => `${label.get(edge.from)} → ${label.get(edge.to)}`).sort()).toEqual([
      'table flight_delays_split_train → model flight_delays:1',
      'table flights → model minutes:1',
      'training set training_delay_prediction → model delays:1',
    ]);
    expect(graph.nodes.find((node) => node.kind === 'model' && node.label === 'delays:1')?.detail).toBe('logreg');
    project.close();
  });

  it('drops a table’s SQL sources once the table is replaced by an import', async () => {
    const project = await createSampleProject(join(temporaryFolder('lineage'), 'sample'));
    recordTable(project.db, 'departure_labels', null, new Date().toISOString());
    const graph = lineageGraph(project.db);
    expect(graph.edges.some((edge) => edge.to === 'table:departure_labels')).toBe(false);
    project.close();
  });

  it('keeps files of the same name from different folders apart, each feeding its own table', async () => {
    const project = await createSampleProject(join(temporaryFolder('lineage'), 'sample'));
    const record = project.db.prepare(
      `INSERT INTO triad_imports (id, table_name, file, file_bytes, format, mode, status, started_at, finished_at)
       VALUES (?, ?, ?, 1, 'csv', 'create', 'succeeded', '2026-01-01', '2026-01-01')`,
    );
    record.run('a', 'airports', '/data/2025/Airports.csv');
    record.run('b', 'flights', '/data/2026/airports.csv');
    const graph = lineageGraph(project.db);
    const files = graph.nodes.filter((node) => node.kind === 'file' && node.detail.startsWith('/data/'));
    expect(files.map((node) => node.detail).sort()).toEqual(['/data/2025/Airports.csv', '/data/2026/airports.csv']);
    const fed = (path: string) => graph.edges.filter((edge) => edge.from === `file:${path}`).map((edge) => edge.to);
    expect(fed('/data/2025/Airports.csv')).toEqual(['table:airports']);
    expect(fed('/data/2026/airports.csv')).toEqual(['table:flights']);
    project.close();
  });
});
