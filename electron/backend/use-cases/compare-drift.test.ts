import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { replaceTableFromQuery } from '../pipelines/derived-tables.js';
import { logPenguinPredictions, penguinsProject } from '../test-support/penguins-drift.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { compareDrift, type DriftComparison } from './compare-drift.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const MINUTE = 60_000;

describe('comparing live inputs with the training data', () => {
  it('says so when the window holds no inputs after all, or the training table lost every input', async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const now = Date.UTC(2026, 11, 4, 12);
    const predictionLog = new PredictionLogConnection(project.path);
    logPenguinPredictions(predictionLog, penguins.slice(0, 20), now - 10 * MINUTE);
    const comparison = (fromMs: number): DriftComparison => ({
      model: 'species',
      version: 1,
      inputs: [{ name: 'Island', kind: 'categorical' }],
      fromMs,
      toMs: now,
      windowMinutes: (now - fromMs) / MINUTE,
    });

    expect(
      await rejectedTriadError(compareDrift(project.db, project.path, comparison(now - 5 * MINUTE))),
    ).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no predictions of species version 1 were logged in the last 5 minutes'),
    });
    expect(await compareDrift(project.db, project.path, comparison(now - 30 * MINUTE))).toMatchObject({
      liveRows: 20,
      referenceRows: penguins.length,
    });
    replaceTableFromQuery(project.db, 'penguins', 'SELECT 1 AS other');
    expect(
      await rejectedTriadError(compareDrift(project.db, project.path, comparison(now - 30 * MINUTE))),
    ).toMatchObject({
      code: 'not_found',
      message: 'table penguins, which the model was trained on, has none of its inputs any more',
    });
    predictionLog.close();
    project.close();
  });

  it('compares a version brought from another project, whose snapshot is not here, with its table, and says so', async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const now = Date.UTC(2026, 11, 4, 12);
    const predictionLog = new PredictionLogConnection(project.path);
    logPenguinPredictions(predictionLog, penguins.slice(0, 50), now - 10 * MINUTE);
    const comparison: DriftComparison = {
      model: 'species',
      version: 1,
      inputs: [{ name: 'Island', kind: 'categorical' }],
      fromMs: now - 30 * MINUTE,
      toMs: now,
      windowMinutes: 30,
    };
    // The card as a bundle carries it: the training set id is the source project's.
    const setCard = (path: string, value: string | null) =>
      project.db
        .prepare(`UPDATE triad_model_versions SET card = json_set(card, '${path}', ?) WHERE model = 'species'`)
        .run(value);
    setCard('$.trainingSetId', 'a-training-set-of-another-project');
    expect(await compareDrift(project.db, project.path, comparison)).toMatchObject({
      liveRows: 50,
      referenceRows: penguins.length,
      referenceSource: 'table penguins (as it is now: its training-set snapshot is not in this project)',
    });
    setCard('$.trainingTable', null);
    expect(await rejectedTriadError(compareDrift(project.db, project.path, comparison))).toMatchObject({
      code: 'not_found',
      message:
        'the training set species version 1 learnt from is not in this project (the version came from another project), and no table is on record',
    });
    predictionLog.close();
    project.close();
  });
});
