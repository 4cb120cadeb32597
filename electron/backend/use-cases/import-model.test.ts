import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { createProject } from '../db/project-folder.js';
import { listModels } from '../models/model-registry.js';
import { OnnxGraph } from '../models/onnx/onnx-graph.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importModelFile } from './import-model.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

/** A model as another tool might write it: one FP32 input, one output through the given operator. */
function modelThrough(opType: string, domain = ''): Uint8Array {
  const graph = new OnnxGraph();
  const x = graph.input('x', 'float', ['batch', 3]);
  graph.output(graph.op(opType, [x], 'y', {}, domain), 'y', 'float', ['batch', 3]);
  return graph.toBytes({
    graphName: 'elsewhere',
    producerVersion: '1.0',
    docString: '',
    metadata: { author: 'someone' },
  });
}

describe('importing a model made elsewhere', () => {
  it('registers a file onnxruntime loads, with its signature and what its metadata says', async () => {
    const project = createProject(join(temporaryFolder('import'), 'project'));
    const file = join(temporaryFolder('files'), 'relu.onnx');
    writeFileSync(file, modelThrough('Relu'));
    const version = await importModelFile(project.db, project.path, { file, name: 'relu', description: 'a test' });
    expect(version).toMatchObject({
      name: 'relu',
      version: 1,
      description: 'a test',
      tags: { source: 'relu.onnx' },
      card: { algorithm: 'imported', task: 'unknown', features: ['x'] },
      signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }], metadata: { author: 'someone' } },
    });
    project.close();
  });

  it('refuses, storing nothing, a file that is missing, not ONNX, or that onnxruntime cannot load', async () => {
    const project = createProject(join(temporaryFolder('import'), 'project'));
    const folder = temporaryFolder('files');
    const refusal = async (name: string, bytes?: Uint8Array | string) => {
      const file = join(folder, name);
      if (bytes !== undefined) writeFileSync(file, bytes);
      return (await rejectedTriadError(importModelFile(project.db, project.path, { file, name: 'm', description: '' })))
        .message;
    };
    expect(await refusal('missing.onnx')).toMatch(/^cannot read .*missing\.onnx: there is no such file$/);
    expect(await refusal('table.onnx', 'id,label\n1,yes\n')).toMatch(/^table\.onnx is not an ONNX model/);
    expect(await refusal('unknown-op.onnx', modelThrough('NoSuchOperator'))).toMatch(
      /^onnxruntime cannot load unknown-op\.onnx: .*NoSuchOperator/,
    );
    const good = join(folder, 'relu.onnx');
    writeFileSync(good, modelThrough('Relu'));
    const badName = await rejectedTriadError(
      importModelFile(project.db, project.path, { file: good, name: '../m', description: '' }),
    );
    expect(badName.message).toContain('"../m" is not a model name');
    const unknownTable = await rejectedTriadError(
      importModelFile(project.db, project.path, {
        file: good,
        name: 'm',
        description: '',
        trainingTable: 'trips',
        inputColumns: ['a', 'b', 'c'],
      }),
    );
    expect(unknownTable).toMatchObject({
      code: 'not_found',
      message: 'there is no table trips (the project has no table yet)',
    });
    expect(listModels(project.db)).toEqual([]);
    project.close();
  });
});
