import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { catalogColumns } from '../db/table-catalog.js';
import { classificationMetrics, namedClassificationMetrics, regressionMetrics } from '../models/metrics.js';
import { columnsForInputs, predictColumns } from '../models/onnx/batch-inference.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { numericValue } from '../models/preprocessing.js';
import { readTableFrame } from '../models/read-frame.js';
import { loadModel } from './predict-table.js';

/**
 * A Triad model's metrics on a table holding its label column: scored through onnxruntime as a
 * server would, then measured as training measures (classification or regression metrics).
 */
export async function evaluateModelFile(
  db: Database.Database,
  projectDir: string,
  model: string,
  table: string,
): Promise<Record<string, number | null>> {
  const { bytes, label: modelLabel } = loadModel(db, projectDir, model);
  const signature = readOnnxSignature(bytes, modelLabel);
  const labelName = signature.metadata['triad.label'];
  if (!labelName)
    throw new TriadError(
      'invalid_input',
      `${modelLabel} names no label column, so there is nothing to measure it against`,
    );
  const catalog = catalogColumns(db, table);
  if (!catalog.some((column) => column.name === labelName))
    throw new TriadError(
      'invalid_input',
      `table ${table} has no column ${labelName}, the label ${modelLabel} predicts`,
    );
  // The model's inputs and the label in one scan of the table.
  const columns = readTableFrame(db, table, [
    ...columnsForInputs(signature, catalog, table).map((column) => column.name),
    labelName,
  ]);
  const inputs = columns.slice(0, -1);
  const actual = columns.at(-1)?.values ?? [];
  if (actual.length === 0) throw new TriadError('invalid_input', `table ${table} has no rows to measure on`);
  const predictions = await predictColumns(bytes, signature, inputs);
  const classesText = signature.metadata['triad.classes'];
  const prediction = predictions.find((column) => column.name === 'prediction') ?? predictions[0];
  if (!prediction) throw new TriadError('invalid_input', `${modelLabel} gives no prediction`);
  if (!classesText) {
    const rows = actual.flatMap((value, row) => (Number.isNaN(numericValue(value)) ? [] : [row]));
    return {
      ...regressionMetrics(
        rows.map((row) => numericValue(actual[row])),
        rows.map((row) => Number(prediction.values[row])),
      ),
    };
  }
  const classes = JSON.parse(classesText) as (string | number)[];
  const position = new Map(classes.map((value, index) => [String(value), index]));
  const rows = actual.flatMap((value, row) =>
    value === null || value === undefined || !position.has(String(value)) ? [] : [row],
  );
  const probabilityColumns = classes.map((value) => {
    const column = predictions.find((candidate) => candidate.name === `probability_${value}`);
    if (!column) throw new TriadError('invalid_input', `${modelLabel} gives no probability_${value} column`);
    return column;
  });
  const probabilities = new Float64Array(rows.length * classes.length);
  rows.forEach((row, index) => {
    probabilityColumns.forEach((column, k) => {
      probabilities[index * classes.length + k] = Number(column.values[row]);
    });
  });
  return namedClassificationMetrics(
    classificationMetrics(
      rows.map((row) => position.get(String(actual[row])) as number),
      rows.map((row) => position.get(String(prediction.values[row])) ?? 0),
      probabilities,
      classes.length,
    ),
  );
}
