import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../../shared/contract/schemas.js';
import { thrownTriadError } from '../../../shared/test-support/refusals.js';
import { createProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { vegaFrame } from '../test-support/vega-frame.js';
import { parseModelReference } from './model-reference.js';
import {
  annotateModelVersion,
  deleteModelVersion,
  listModels,
  modelVersions,
  registerModelVersion,
  resolveModelVersion,
  setModelAlias,
} from './model-registry.js';
import { linearModelOnnx } from './onnx/linear-onnx.js';
import { readOnnxSignature } from './onnx/onnx-signature.js';
import type { FrameColumn } from './preprocessing.js';
import { trainTabularLinear } from './tabular-linear.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const CARD: ModelCard = {
  algorithm: 'logreg',
  task: 'multiclass',
  parameters: { alpha: 0.001 },
  metrics: { accuracy: 0.9 },
  trainMetrics: {},
  confusion: null,
  rocCurve: [],
  prCurve: [],
  importances: [],
  history: [],
  classes: ['Adelie', 'Chinstrap', 'Gentoo'],
  features: ['Island', 'Body Mass (g)'],
  label: 'Species',
  trainingTable: 'penguins',
  trainingSetId: null,
  featureService: null,
  trainingDataHash: null,
  trainingRows: 344,
  validationRows: null,
};

function penguinModel(alpha: number): Uint8Array {
  const frame = vegaFrame('penguins.json', { Species: 'text', Island: 'text', 'Body Mass (g)': 'integer' });
  const model = trainTabularLinear(
    'logreg',
    [frame.Island as FrameColumn, frame['Body Mass (g)'] as FrameColumn],
    frame.Species as FrameColumn,
    { alpha },
  );
  return linearModelOnnx(model, { producerVersion: 'test', properties: {} });
}

describe('the model registry', () => {
  it('numbers versions, reads their signature, and resolves names, aliases and versions', () => {
    const project = createProject(join(temporaryFolder('registry'), 'project'));
    const first = penguinModel(0.001);
    const signature = readOnnxSignature(first, 'model.onnx');
    expect(signature).toMatchObject({
      inputs: [
        { name: 'Island', datatype: 'BYTES', shape: [-1, 1] },
        { name: 'Body Mass (g)', datatype: 'FP64', shape: [-1, 1] },
      ],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'probabilities', datatype: 'FP64', shape: [-1, 3] },
      ],
      irVersion: 8,
      opsets: { '': 17, 'ai.onnx.ml': 3 },
      producer: 'Triad test',
    });
    const entry = { name: 'species', signature, card: CARD, runId: null };
    const v1 = registerModelVersion(project.db, project.path, { ...entry, bytes: first });
    const v2 = registerModelVersion(project.db, project.path, { ...entry, bytes: penguinModel(0.1) });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(existsSync(join(project.path, v1.artifact))).toBe(true);
    expect(v1.artifact).toBe(`artifacts/models/${v1.contentHash}.onnx`);

    expect(resolveModelVersion(project.db, parseModelReference('species')).version).toBe(2);
    setModelAlias(project.db, 'species', 'champion', 1);
    expect(resolveModelVersion(project.db, parseModelReference('species@champion')).version).toBe(1);
    setModelAlias(project.db, 'species', 'champion', 2);
    expect(resolveModelVersion(project.db, parseModelReference('species@champion'))).toMatchObject({
      version: 2,
      aliases: ['champion'],
    });
    expect(resolveModelVersion(project.db, parseModelReference('species:1')).aliases).toEqual([]);
    expect(listModels(project.db)).toEqual([
      expect.objectContaining({ name: 'species', latestVersion: 2, versionCount: 2, aliases: { champion: 2 } }),
    ]);
    expect(modelVersions(project.db, 'species').map((version) => version.version)).toEqual([2, 1]);
    project.close();
  });

  it('refuses unknown models, aliases and versions, and deleting a version an alias points at', () => {
    const project = createProject(join(temporaryFolder('registry'), 'project'));
    const bytes = penguinModel(0.01);
    const entry = { name: 'species', signature: readOnnxSignature(bytes, 'm.onnx'), card: CARD, runId: null, bytes };
    expect(thrownTriadError(() => resolveModelVersion(project.db, parseModelReference('species'))).message).toBe(
      'there is no registered model species (none is registered yet: train one with --register or import an ONNX file)',
    );
    registerModelVersion(project.db, project.path, entry);
    const second = registerModelVersion(project.db, project.path, entry);
    expect(second.contentHash).toBe(registerModelVersion(project.db, project.path, entry).contentHash);
    setModelAlias(project.db, 'species', 'champion', 2);
    expect(thrownTriadError(() => resolveModelVersion(project.db, parseModelReference('species@prod'))).message).toBe(
      'model species has no alias prod (its aliases: champion)',
    );
    expect(thrownTriadError(() => resolveModelVersion(project.db, parseModelReference('species:9'))).message).toBe(
      'model species has no version 9 (its versions: 1, 2, 3)',
    );
    expect(thrownTriadError(() => parseModelReference('species:0')).message).toBe(
      '"0" is not a model version: versions are whole numbers from 1',
    );
    expect(thrownTriadError(() => setModelAlias(project.db, 'species', '7', 1)).message).toContain(
      'cannot be a number',
    );
    expect(thrownTriadError(() => deleteModelVersion(project.db, project.path, 'species', 2)).message).toBe(
      'species:2 is what species@champion points at: move the alias first (triad models alias), then delete it',
    );
    // Versions 1 to 3 share one file: it stays until the last of them goes.
    deleteModelVersion(project.db, project.path, 'species', 1);
    deleteModelVersion(project.db, project.path, 'species', 3);
    expect(existsSync(join(project.path, second.artifact))).toBe(true);
    setModelAlias(project.db, 'species', 'champion', 2);
    expect(modelVersions(project.db, 'species').map((version) => version.version)).toEqual([2]);
    project.close();
  });

  it('keeps a description and tags per version, replacing tags and dropping empty ones', () => {
    const project = createProject(join(temporaryFolder('registry'), 'project'));
    const bytes = penguinModel(0.01);
    registerModelVersion(project.db, project.path, {
      name: 'species',
      signature: readOnnxSignature(bytes, 'm.onnx'),
      card: CARD,
      runId: null,
      bytes,
    });
    annotateModelVersion(project.db, 'species', 1, {
      description: 'first try',
      tags: { team: 'birds', stage: 'draft' },
    });
    const annotated = annotateModelVersion(project.db, 'species', 1, { tags: { team: 'birds', stage: '' } });
    expect(annotated).toMatchObject({ description: 'first try', tags: { team: 'birds' } });
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`t${index}`, 'x']));
    expect(thrownTriadError(() => annotateModelVersion(project.db, 'species', 1, { tags: tooMany })).message).toBe(
      'a version takes at most 50 tags',
    );
    expect(thrownTriadError(() => annotateModelVersion(project.db, 'species', 2, { description: 'x' })).message).toBe(
      'model species has no version 2 (its versions: 1)',
    );
    project.close();
  });

  it('refuses bytes that are not an ONNX model, saying so', () => {
    expect(
      thrownTriadError(() => readOnnxSignature(new TextEncoder().encode('id,label\n1,yes\n'), 'data.csv')).message,
    ).toMatch(/^data\.csv is not an ONNX model/);
    expect(thrownTriadError(() => readOnnxSignature(new Uint8Array(), 'empty.onnx')).message).toBe(
      'empty.onnx is not an ONNX model: it has no IR version',
    );
  });
});
