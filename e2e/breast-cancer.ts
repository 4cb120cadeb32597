import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTriadOk } from './harness.js';

/**
 * scikit-learn's bundled breast cancer data in a project, as a user brings a model made elsewhere:
 * a 30-feature logistic regression as ONNX (one float_input [-1, 30]) written into `folder`, and the
 * data it learnt from ingested as table `cancer`. Returns the model file, the table's 30 feature
 * columns in the model's input order, and the rows as the model takes them.
 */
export function breastCancerModel(
  home: string,
  project: string,
  folder: string,
): { model: string; columns: string[]; rows: number[][] } {
  const [model, rowsFile, table] = ['cancer.onnx', 'cancer-rows.json', 'cancer.csv'].map((name) =>
    join(folder, name),
  ) as [string, string, string];
  const made = spawnSync('/usr/bin/python3', [
    join(import.meta.dirname, '..', 'bench', 'breast-cancer-logreg.py'),
    model,
    rowsFile,
    table,
  ]);
  if (made.status !== 0) throw new Error(`breast-cancer-logreg.py failed: ${made.stderr.toString()}`);
  runTriadOk(home, ['ingest', table, '--table', 'cancer', '--project', project]);
  return {
    model,
    columns: (readFileSync(table, 'utf8').split('\n')[0] as string).split(',').slice(0, 30),
    rows: JSON.parse(readFileSync(rowsFile, 'utf8')) as number[][],
  };
}
