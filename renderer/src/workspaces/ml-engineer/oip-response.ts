import { type InferenceOutput, InferenceRefusal, InferenceResponse } from '../../../../shared/contract/serving.js';

/** A model server's answer read: its outputs, or the error it gave (its `error`, else the HTTP status). */
export function readAnswer(
  status: number,
  body: unknown,
): { response: InferenceResponse; error: null } | { response: null; error: string } {
  const refused = InferenceRefusal.safeParse(body);
  if (refused.success) return { response: null, error: refused.data.error };
  const parsed = InferenceResponse.safeParse(body);
  if (status < 400 && parsed.success) return { response: parsed.data, error: null };
  return { response: null, error: `the model server answered HTTP ${status} without outputs` };
}

export interface ClassifierAnswer {
  label: string;
  /** Each class with its probability, most probable first. */
  probabilities: { label: string; probability: number }[];
}

/**
 * A classifier's answer for one row: its `label` output and its `probabilities` named by the
 * classes of the model card (or numbered when the card has none); null for other models.
 */
export function classifierAnswer(
  outputs: readonly InferenceOutput[],
  classes: readonly (string | number)[] | null,
): ClassifierAnswer | null {
  const label = outputs.find((output) => output.name === 'label');
  const probabilities = outputs.find((output) => output.name === 'probabilities');
  if (!label || !probabilities || label.data.length === 0) return null;
  const numbers = probabilities.data.filter((value): value is number => typeof value === 'number');
  return {
    label: String(label.data[0]),
    probabilities: numbers
      .map((probability, index) => ({ label: String(classes?.[index] ?? `class ${index}`), probability }))
      .sort((a, b) => b.probability - a.probability),
  };
}
