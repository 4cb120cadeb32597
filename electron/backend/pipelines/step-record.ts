import { type OutputType, STEP_OUTPUTS } from '../../../shared/contract/pipeline-definition.js';
import type {
  StepArtifact,
  StepOutput,
  StepOutputs,
  TrainingSetSnapshot,
} from '../../../shared/contract/pipeline-runs.js';

/** What a step leaves in the `outputs` column of triad_pipeline_steps beside its metrics. */
export interface RecordedStep {
  outputs: StepOutputs;
  artifacts: StepArtifact[];
  snapshot: TrainingSetSnapshot | null;
}

/**
 * The column's form since typed outputs: `{"format": 2, "outputs": {NAME: {type, value}}, "artifacts":
 * [...], "snapshot": ...}`. Schema 13 wrote `{NAME: value}` there, whose values are never numbers,
 * so a number under `format` tells the forms apart without a migration.
 */
const FORMAT = 2;

export function encodeStepRecord(record: RecordedStep): string {
  return JSON.stringify({ format: FORMAT, ...record });
}

/** The type an output recorded without one has: its kind's, or for a command step's, what its value looks like. */
function untypedOutputType(kind: string, name: string, value: StepOutput['value']): OutputType {
  const declared = (STEP_OUTPUTS as Record<string, Record<string, OutputType> | undefined>)[kind]?.[name];
  if (declared) return declared;
  if (typeof value !== 'string') return 'metrics';
  if (/\.onnx$/i.test(value) || /^run:/.test(value)) return 'model';
  return /^[/\\]|^[A-Za-z]:[/\\]/.test(value) ? 'file' : 'table';
}

/** Reads the column in either form; outputs of the older form get the type their step kind gives them. */
export function decodeStepRecord(kind: string, json: string): RecordedStep {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  if (typeof parsed.format === 'number')
    return {
      outputs: (parsed.outputs ?? {}) as StepOutputs,
      artifacts: (parsed.artifacts ?? []) as StepArtifact[],
      snapshot: (parsed.snapshot ?? null) as TrainingSetSnapshot | null,
    };
  const outputs: StepOutputs = {};
  for (const [name, value] of Object.entries(parsed as Record<string, StepOutput['value']>))
    outputs[name] = { type: untypedOutputType(kind, name, value), value };
  return { outputs, artifacts: [], snapshot: null };
}
