import type Database from 'better-sqlite3';
import type { PipelineStep } from '../../../shared/contract/pipeline-definition.js';
import { parsePipelineOnce } from './parse-pipeline.js';
import { PipelineRunStore } from './run-store.js';

/** A setting that is one reference to another step's output. */
const STEP_REFERENCE = /^\s*\$\{\s*steps\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\s*$/;

export interface CommandModelInputs {
  /** NAME:VERSION */
  model: string;
  /** The tables the command step was given (those its inputs took from other steps). */
  tables: string[];
}

/**
 * The model versions pipeline runs registered from a command step's ONNX file, each with the
 * tables that step was given: a model a program made has no training table on its card, so this
 * is where lineage finds what it was made from.
 */
export function commandModelInputs(db: Database.Database): CommandModelInputs[] {
  const runs = db
    .prepare(
      `SELECT DISTINCT r.run_id AS id FROM triad_pipeline_steps r
       JOIN triad_pipeline_steps c ON c.run_id = r.run_id AND c.kind = 'command'
       WHERE r.kind = 'register' AND r.state = 'succeeded'`,
    )
    .all() as { id: string }[];
  const store = new PipelineRunStore(db);
  return runs.flatMap(({ id }) => {
    const run = store.get(id);
    let definitions: Map<string, PipelineStep>;
    try {
      definitions = new Map(
        parsePipelineOnce(run.definition, run.file).pipeline.steps.map((step) => [step.name, step]),
      );
    } catch {
      return [];
    }
    const records = new Map(run.steps.map((step) => [step.step, step]));
    const takenFrom = (text: string) => {
      const reference = STEP_REFERENCE.exec(text);
      return reference ? { step: reference[1] as string, output: reference[2] as string } : null;
    };
    return run.steps.flatMap((register): CommandModelInputs[] => {
      const model = register.outputs.model?.value;
      const definition = definitions.get(register.step);
      if (register.state !== 'succeeded' || typeof model !== 'string' || definition?.kind !== 'register') return [];
      const maker = definitions.get(takenFrom(definition.with.model)?.step ?? '');
      if (maker?.kind !== 'command') return [];
      const tables = Object.values(maker.with.inputs).flatMap((text) => {
        const from = takenFrom(text);
        const output = from ? records.get(from.step)?.outputs[from.output] : undefined;
        return output?.type === 'table' && typeof output.value === 'string' ? [output.value] : [];
      });
      return [{ model, tables }];
    });
  });
}
