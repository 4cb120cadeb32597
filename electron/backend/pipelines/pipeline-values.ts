// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline settings hold ${…} references.
import { TriadError } from '../../../shared/contract/errors.js';
import type { PipelineDefinition } from '../../../shared/contract/pipeline-definition.js';
import type { PipelineRun, StepOutputs } from '../../../shared/contract/pipeline-runs.js';

export type ParameterValues = PipelineRun['params'];

function parameterValue(name: string, type: string, given: string | number | boolean): string | number | boolean {
  const text = String(given).trim();
  switch (type) {
    case 'integer': {
      const value = typeof given === 'number' ? given : Number(text);
      if (text === '' || !Number.isInteger(value))
        throw new TriadError('invalid_input', `parameter ${name} is an integer, not ${JSON.stringify(given)}`);
      return value;
    }
    case 'number': {
      const value = typeof given === 'number' ? given : Number(text);
      if (text === '' || !Number.isFinite(value))
        throw new TriadError('invalid_input', `parameter ${name} is a number, not ${JSON.stringify(given)}`);
      return value;
    }
    case 'boolean':
      if (given === true || text === 'true') return true;
      if (given === false || text === 'false') return false;
      throw new TriadError('invalid_input', `parameter ${name} is true or false, not ${JSON.stringify(given)}`);
    default:
      return String(given);
  }
}

/**
 * A run's parameter values: the given ones (text from the command line, typed values from the
 * app) checked against their declared types, the defaults for the others.
 */
export function pipelineParameters(
  pipeline: PipelineDefinition,
  given: Record<string, string | number | boolean>,
): ParameterValues {
  const declared = pipeline.parameters;
  for (const name of Object.keys(given))
    if (!(name in declared))
      throw new TriadError(
        'invalid_input',
        `pipeline ${pipeline.name} has no parameter ${name}${Object.keys(declared).length > 0 ? ` (its parameters: ${Object.keys(declared).join(', ')})` : ''}`,
      );
  const values: ParameterValues = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const value = given[name] ?? parameter.default;
    if (value === undefined)
      throw new TriadError(
        'invalid_input',
        `pipeline ${pipeline.name} needs a value for parameter ${name}: give it with --param ${name}=VALUE`,
      );
    values[name] = parameterValue(name, parameter.type, value);
  }
  return values;
}

const REFERENCE = /\$\{\s*(params|steps)\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}/g;

/** The outputs of the steps that finished, by step name. */
export type FinishedOutputs = ReadonlyMap<string, StepOutputs>;

function referenced(
  match: RegExpExecArray | RegExpMatchArray,
  params: ParameterValues,
  outputs: FinishedOutputs,
): StepOutputs[string]['value'] | string | number | boolean {
  const [whole, scope, name, output] = match as unknown as [string, string, string, string | undefined];
  if (scope === 'params') {
    const value = params[name as string];
    if (value === undefined) throw new TriadError('invalid_input', `${whole}: there is no such parameter`);
    return value;
  }
  const taken = outputs.get(name as string)?.[output ?? ''];
  if (taken === undefined) throw new TriadError('internal', `${whole} was taken before step ${name} gave it`);
  return taken.value;
}

/**
 * A step setting with its references replaced: a text that is one reference becomes the value
 * itself (a number stays a number), references inside longer text become text.
 */
export function substituteReferences<T>(value: T, params: ParameterValues, outputs: FinishedOutputs): T {
  if (typeof value === 'string') {
    const whole = [...value.matchAll(REFERENCE)];
    if (whole.length === 1 && (whole[0] as RegExpMatchArray)[0] === value.trim())
      return referenced(whole[0] as RegExpMatchArray, params, outputs) as T;
    return value.replace(REFERENCE, (...match) => {
      const replaced = referenced(match as unknown as RegExpMatchArray, params, outputs);
      return typeof replaced === 'object' ? JSON.stringify(replaced) : String(replaced);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => substituteReferences(item, params, outputs)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteReferences(item, params, outputs)]),
    ) as T;
  return value;
}
