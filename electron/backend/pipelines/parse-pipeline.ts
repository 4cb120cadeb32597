import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  type OutputType,
  PipelineDefinition,
  type PipelineStep,
  REFERENCE_TYPES,
  STEP_KINDS,
  STEP_OUTPUTS,
} from '../../../shared/contract/pipeline-definition.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { dependencyOrder } from '../../../shared/dependency-order.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { yamlSyntaxProblems } from '../features/yaml-syntax-problems.js';
import { scheduleProblems } from './schedule-problems.js';

export interface ParsedPipeline {
  pipeline: PipelineDefinition;
  /** The steps each step waits for, by name. */
  dependencies: Map<string, string[]>;
  /** Step names in an order that runs every step after the ones it waits for (file order among equals). */
  order: string[];
}

type Path = (string | number)[];

/** The line of the node at `path`, or of its nearest ancestor that is in the file. */
function lineAt(document: Document, counter: LineCounter, path: Path): number | null {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return counter.linePos(offset).line;
  }
  return null;
}

function describePath(path: Path, root: unknown): string {
  const steps = (root as { steps?: unknown[] })?.steps;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const name = (steps?.[path[1]] as { name?: unknown } | undefined)?.name;
    const step = typeof name === 'string' ? `step \`${name}\`` : `step ${path[1] + 1}`;
    return [step, ...path.slice(2)].join(' ');
  }
  if (path[0] === 'triggers' && typeof path[1] === 'number')
    return [`trigger ${path[1] + 1}`, ...path.slice(2)].join(' ');
  return path.join('.');
}

function shapeProblems(issues: z.core.$ZodIssue[], document: Document, counter: LineCounter, root: unknown) {
  return issues.map((issue): DefinitionProblem => {
    const path = issue.path as Path;
    const line = lineAt(document, counter, path);
    const where = describePath(path, root);
    const kind = (root as { steps?: { kind?: unknown }[] })?.steps?.[path[1] as number]?.kind;
    if (path[0] === 'steps' && path.length === 3 && path[2] === 'kind')
      return {
        line,
        message: `${describePath(path.slice(0, 2), root)}: ${typeof kind === 'string' ? `unknown kind \`${kind}\`` : 'a step needs a kind'}: use one of ${STEP_KINDS.join(', ')}`,
      };
    if (issue.code === 'unrecognized_keys')
      return {
        line: lineAt(document, counter, [...path, issue.keys[0] as string]),
        message: `${where}: unknown ${issue.keys.map((key) => `\`${key}\``).join(', ')}`,
      };
    return { line, message: `${where || 'the pipeline'}: ${issue.message}` };
  });
}

const REFERENCE = /\$\{([^}]*)\}/g;

function outputsOf(step: PipelineStep): Record<string, OutputType> {
  if (step.kind === 'command')
    return Object.fromEntries(Object.entries(step.with.outputs).map(([name, output]) => [name, output.type]));
  return STEP_OUTPUTS[step.kind];
}

/** Every text value of a step's settings, with its path under the step. */
function textValues(value: unknown, path: Path): { path: Path; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textValues(item, [...path, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => textValues(item, [...path, key]));
  return [];
}

function parameterProblems(
  pipeline: PipelineDefinition,
  problemAt: (path: Path, message: string) => DefinitionProblem,
) {
  return Object.entries(pipeline.parameters).flatMap(([name, parameter]) => {
    const given = parameter.default;
    if (given === undefined) return [];
    const fits =
      parameter.type === 'string'
        ? typeof given === 'string'
        : parameter.type === 'boolean'
          ? typeof given === 'boolean'
          : typeof given === 'number' && (parameter.type === 'number' || Number.isInteger(given));
    return fits
      ? []
      : [
          problemAt(
            ['parameters', name, 'default'],
            `parameter \`${name}\`: the default ${JSON.stringify(given)} is not ${parameter.type === 'integer' ? 'an integer' : `a ${parameter.type}`}`,
          ),
        ];
  });
}

/** The references of each step to parameters and other steps' outputs, checked; returns the steps each waits for. */
function referenceProblems(
  pipeline: PipelineDefinition,
  problemAt: (path: Path, message: string) => DefinitionProblem,
): { problems: DefinitionProblem[]; dependencies: Map<string, string[]> } {
  const byName = new Map(pipeline.steps.map((step) => [step.name, step]));
  const problems: DefinitionProblem[] = [];
  const dependencies = new Map<string, string[]>();
  pipeline.steps.forEach((step, index) => {
    const waits = new Set<string>();
    const expected = REFERENCE_TYPES[step.kind] ?? {};
    for (const { path, text } of textValues(step.with, ['steps', index, 'with'])) {
      const at = (message: string) =>
        problems.push(problemAt(path, `step \`${step.name}\` ${path.slice(3).join(' ')}: ${message}`));
      for (const match of text.matchAll(REFERENCE)) {
        const parts = (match[1] ?? '').trim().split('.');
        if (parts[0] === 'params' && parts.length === 2) {
          if (!Object.hasOwn(pipeline.parameters, parts[1] ?? ''))
            at(`\`${match[0]}\` names no parameter: declare \`${parts[1]}\` under parameters`);
          continue;
        }
        if (parts[0] !== 'steps' || parts.length !== 3) {
          at(`\`${match[0]}\` is not a reference: write \${params.NAME} or \${steps.STEP.OUTPUT}`);
          continue;
        }
        const [, source = '', output = ''] = parts;
        const from = byName.get(source);
        if (!from) {
          at(`\`${match[0]}\` names no step: there is no step \`${source}\``);
          continue;
        }
        if (from === step) {
          at(`\`${match[0]}\` is the step's own output`);
          continue;
        }
        const outputs = outputsOf(from);
        const type = outputs[output];
        if (!type) {
          const names = Object.keys(outputs);
          at(
            `step \`${source}\` has no output \`${output}\`${names.length > 0 ? `: it has ${names.map((name) => `\`${name}\``).join(', ')}` : ': it has none'}`,
          );
          continue;
        }
        const want = expected[String(path[3])];
        if (want && path.length === 4 && text.trim() === match[0] && type !== want)
          at(`\`${match[0]}\` is a ${type}, and ${String(path[3])} takes a ${want}`);
        waits.add(source);
      }
    }
    step.after.forEach((name, at) => {
      if (!byName.has(name))
        problems.push(
          problemAt(['steps', index, 'after', at], `step \`${step.name}\` after: there is no step \`${name}\``),
        );
      else if (name === step.name)
        problems.push(problemAt(['steps', index, 'after', at], `step \`${step.name}\` cannot wait for itself`));
      else waits.add(name);
    });
    dependencies.set(step.name, [...waits]);
  });
  return { problems, dependencies };
}

/** Reads a pipeline's YAML and checks it whole: its shape, parameters, schedule and triggers, references and the order of its steps, every problem with its line. */
export function parsePipeline(text: string, file: string): ParsedPipeline {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new DefinitionsError(file, yamlSyntaxProblems(document.errors, text));
  const root = document.toJS() ?? {};
  const parsed = PipelineDefinition.safeParse(root);
  if (!parsed.success) throw new DefinitionsError(file, shapeProblems(parsed.error.issues, document, counter, root));
  const pipeline = parsed.data;
  const problemAt = (path: Path, message: string): DefinitionProblem => ({
    line: lineAt(document, counter, path),
    message,
  });
  const problems: DefinitionProblem[] = [];
  const seen = new Map<string, number>();
  pipeline.steps.forEach((step, index) => {
    const first = seen.get(step.name.toLowerCase());
    if (first === undefined) seen.set(step.name.toLowerCase(), index);
    else
      problems.push(
        problemAt(
          ['steps', index, 'name'],
          `step \`${step.name}\` is defined twice, on lines ${lineAt(document, counter, ['steps', first])} and ${lineAt(document, counter, ['steps', index])}: give each a different name (names ignore case)`,
        ),
      );
  });
  problems.push(...parameterProblems(pipeline, problemAt));
  problems.push(...scheduleProblems(pipeline, problemAt));
  const references = referenceProblems(pipeline, problemAt);
  problems.push(...references.problems);
  if (problems.length > 0) throw new DefinitionsError(file, problems);
  const names = pipeline.steps.map((step) => step.name);
  const ordered = dependencyOrder(names, references.dependencies);
  if ('cycle' in ordered) {
    const first = names.indexOf(ordered.cycle[0] as string);
    throw new DefinitionsError(file, [
      problemAt(['steps', first], `the steps wait for each other in a circle: ${ordered.cycle.join(' -> ')}`),
    ]);
  }
  return { pipeline, dependencies: references.dependencies, order: ordered.order };
}

/** Pipelines read lately, by file and text: a run, its re-runs and the pipelines page read the same few again and again. */
const recentlyParsed = new Map<string, ParsedPipeline>();
const KEPT_PARSED = 16;

/** parsePipeline, reusing the result for a text read lately (the result is never changed by its users). */
export function parsePipelineOnce(text: string, file: string): ParsedPipeline {
  const key = `${file}\u0000${text}`;
  const known = recentlyParsed.get(key);
  if (known) return known;
  const parsed = parsePipeline(text, file);
  if (recentlyParsed.size >= KEPT_PARSED) recentlyParsed.delete(recentlyParsed.keys().next().value as string);
  recentlyParsed.set(key, parsed);
  return parsed;
}
