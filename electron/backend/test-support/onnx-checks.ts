import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runOnnxOnColumns } from '../models/onnx/run-onnx.js';
import type { Predictions } from '../models/predictions.js';
import type { FrameColumn } from '../models/preprocessing.js';
import { runPython } from './python.js';

/** onnxruntime's outputs for a model file against the trainer's own predictions, row by row, to 1e-5. */
export async function expectOnnxParity(
  model: Uint8Array,
  ours: Extract<Predictions, { kind: 'classes' | 'values' }>,
  columns: readonly FrameColumn[],
): Promise<void> {
  const outputs = await runOnnxOnColumns(model, columns);
  if (ours.kind === 'values') {
    const values = outputs.variable?.data as Float64Array;
    expect(values.length).toBe(ours.values.length);
    let largestGap = 0;
    ours.values.forEach((value, row) => {
      largestGap = Math.max(largestGap, Math.abs((values[row] as number) - value));
    });
    expect(largestGap).toBeLessThan(1e-5);
    return;
  }
  const labels = Array.from(outputs.label?.data as ArrayLike<unknown>, (label) =>
    typeof label === 'bigint' ? Number(label) : label,
  );
  expect(labels).toEqual(ours.labels);
  const probabilities = outputs.probabilities?.data as Float64Array;
  expect(outputs.probabilities?.dims).toEqual([ours.labels.length, ours.classCount]);
  let largest = 0;
  ours.probabilities.forEach((value, index) => {
    largest = Math.max(largest, Math.abs((probabilities[index] as number) - value));
  });
  expect(largest).toBeLessThan(1e-5);
}

export interface CheckedModel {
  ir: number;
  opsets: Record<string, number>;
  meta: Record<string, string>;
  inputs: string[];
  outputs: string[];
}

/** Runs Debian's python3-onnx `check_model(full_check=True)` on each model; returns what each declares. */
export function checkOnnxModels(models: readonly Uint8Array[]): CheckedModel[] {
  const folder = mkdtempSync(join(tmpdir(), 'triad-onnx-check-'));
  try {
    const files = models.map((model, index) => {
      const file = join(folder, `model-${index}.onnx`);
      writeFileSync(file, model);
      return file;
    });
    const checked = runPython(
      `
import json, sys, onnx
out = []
for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    out.append({'ir': model.ir_version, 'opsets': {o.domain: o.version for o in model.opset_import},
                'meta': {p.key: p.value for p in model.metadata_props},
                'inputs': [i.name for i in model.graph.input], 'outputs': [o.name for o in model.graph.output]})
print(json.dumps(out))
`,
      files,
    );
    return JSON.parse(checked) as CheckedModel[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
