import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREDICTION_LOG } from '../../../shared/contract/serving.js';
import { createProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { changePredictionLogSettings, predictionLogSettings } from './deployment-store.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe("the prediction log's settings", () => {
  it('applies the changes given, keeps them in the project, and refuses one out of bounds by name, keeping the rest', () => {
    const project = createProject(join(temporaryFolder('settings-'), 'project'));
    expect(predictionLogSettings(project.db)).toEqual(DEFAULT_PREDICTION_LOG);
    expect(changePredictionLogSettings(project.db, { retentionDays: 7 })).toEqual({
      ...DEFAULT_PREDICTION_LOG,
      retentionDays: 7,
    });
    expect(() => changePredictionLogSettings(project.db, { sampleRatePerSecond: 50, maxRows: 10 })).toThrow(
      /^the prediction log's size limit \(predictions\): Too small/,
    );
    expect(predictionLogSettings(project.db)).toEqual({ ...DEFAULT_PREDICTION_LOG, retentionDays: 7 });
    expect(changePredictionLogSettings(project.db, {})).toEqual({ ...DEFAULT_PREDICTION_LOG, retentionDays: 7 });
    project.close();
  });
});
