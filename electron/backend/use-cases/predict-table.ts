import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { JobResult } from '../../../shared/contract/jobs.js';
import { DATABASE_FILE } from '../db/project-folder.js';
import { catalogColumns } from '../db/table-catalog.js';
import { assertTableName } from '../ingest/table-names.js';
import { formatModelReference, parseModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { columnsForInputs, predictColumns } from '../models/onnx/batch-inference.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { assertWritableFile } from '../models/output-file.js';
import { predictionsParquet, writeColumnsCsv } from '../models/prediction-files.js';
import { readTableFrame } from '../models/read-frame.js';
import { importFile } from './import-file.js';

export interface PredictRequest {
  /** An ONNX file, or a registered model: NAME, NAME@ALIAS or NAME:VERSION. */
  model: string;
  table: string;
  /** Write the predictions to this .csv or .parquet file… */
  out: string | null;
  /** …or into this table of the project (replacing it). */
  into: string | null;
}

function isModelFile(model: string): boolean {
  return extname(model).toLowerCase() === '.onnx' || model.includes(sep) || model.includes('/');
}

/** A model's ONNX bytes and how to name it in messages: from a file, or a registered version. */
export function loadModel(
  db: Database.Database,
  projectDir: string,
  model: string,
): { bytes: Uint8Array; label: string } {
  if (isModelFile(model)) {
    try {
      return { bytes: new Uint8Array(readFileSync(model)), label: model };
    } catch (error) {
      throw new TriadError(
        'not_found',
        `cannot read ${model}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`,
      );
    }
  }
  const reference = parseModelReference(model);
  const version = resolveModelVersion(db, reference);
  return {
    bytes: new Uint8Array(readFileSync(join(projectDir, version.artifact))),
    label: `${formatModelReference(reference)} (version ${version.version})`,
  };
}

function assertDestination(request: PredictRequest): void {
  if ((request.out === null) === (request.into === null))
    throw new TriadError(
      'invalid_input',
      'say where the predictions go: --out FILE.csv or FILE.parquet, or --into TABLE (one of them)',
    );
  if (request.out !== null && !['.csv', '.parquet'].includes(extname(request.out).toLowerCase()))
    throw new TriadError('invalid_input', `--out ${request.out}: write predictions to a .csv or .parquet file`);
  if (request.out !== null) assertWritableFile(request.out, '--out');
  if (request.into !== null) {
    assertTableName(request.into);
    if (request.into === request.table)
      throw new TriadError(
        'invalid_input',
        `--into ${request.into} would replace the table being scored: choose another table`,
      );
  }
}

/**
 * Scores every row of a table with a model (a file or a registered version), in the table's row
 * order, and writes the predictions to a CSV or Parquet file or into a table. Models from
 * elsewhere work too: table columns feed the inputs of their names.
 */
export async function predictTable(
  db: Database.Database,
  projectDir: string,
  request: PredictRequest,
  onRows?: (done: number, total: number) => void,
): Promise<JobResult<'predict'>> {
  assertDestination(request);
  const { bytes, label } = loadModel(db, projectDir, request.model);
  const signature = readOnnxSignature(bytes, label);
  // Checked against the table's columns first, then only the model's inputs are read.
  const chosen = columnsForInputs(signature, catalogColumns(db, request.table), request.table);
  const inputs = readTableFrame(
    db,
    request.table,
    chosen.map((column) => column.name),
  );
  const rows = inputs[0]?.values.length ?? 0;
  if (rows === 0) throw new TriadError('invalid_input', `table ${request.table} has no rows to score`);
  const predictions = await predictColumns(bytes, signature, inputs, (done) => onRows?.(done, rows));
  if (request.out !== null) {
    const out = resolve(request.out);
    if (extname(out).toLowerCase() === '.csv') writeColumnsCsv(out, predictions);
    else writeFileSync(out, predictionsParquet(predictions));
  } else {
    const scratch = mkdtempSync(join(tmpdir(), 'triad-predictions-'));
    try {
      const file = join(scratch, 'predictions.parquet');
      writeFileSync(file, predictionsParquet(predictions));
      await importFile(join(projectDir, DATABASE_FILE), {
        file,
        sourceName: `predictions of ${label} on ${request.table}`,
        table: request.into as string,
        mode: 'replace',
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return {
    model: label,
    table: request.table,
    rows,
    columns: predictions.map((column) => column.name),
    out: request.out === null ? null : resolve(request.out),
    into: request.into,
  };
}
