import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { FeatureDefinitions } from '../../../shared/contract/feature-definitions.js';

export interface DefinitionProblem {
  /** 1-based line in the file, when the problem has a place. */
  line: number | null;
  message: string;
}

export class DefinitionsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(problems.map((problem) => `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`).join('\n'));
  }
}

export interface ParsedDefinitions {
  definitions: FeatureDefinitions;
  /** The line where each named object starts, e.g. `feature_views/airport_delays` → 12. */
  lines: Map<string, number>;
}

type Located = { range?: [number, number, number] | null } | null | undefined;

function lineOf(node: Located, counter: LineCounter): number | null {
  const offset = node?.range?.[0];
  return offset === undefined ? null : counter.linePos(offset).line;
}

/** Reads a definitions file's YAML and checks its shape, reporting every problem with its line. */
export function parseDefinitions(text: string, file: string): ParsedDefinitions {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new DefinitionsError(
      file,
      document.errors.map((error) => ({
        line: error.linePos?.[0]?.line ?? null,
        message: `YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const parsed = FeatureDefinitions.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    throw new DefinitionsError(
      file,
      parsed.error.issues.map((issue) => {
        const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
        let node = document.getIn(path, true) as Located;
        for (let depth = path.length - 1; !node && depth >= 0; depth -= 1)
          node = document.getIn(path.slice(0, depth), true) as Located;
        return { line: lineOf(node, counter), message: `${path.join('.') || '(file)'}: ${issue.message}` };
      }),
    );
  }
  const lines = new Map<string, number>();
  for (const section of ['entities', 'feature_views', 'feature_services', 'quality_checks'] as const) {
    const sequence = document.get(section, true);
    if (!isSeq(sequence)) continue;
    for (const item of sequence.items) {
      if (!isMap(item)) continue;
      const name = item.get('name');
      const line = lineOf(item as Located, counter);
      if (typeof name === 'string' && line !== null) lines.set(`${section}/${name}`, line);
    }
  }
  return { definitions: parsed.data, lines };
}
