import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { FeatureDefinitions } from '../../../shared/contract/feature-definitions.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { shapeProblems } from './shape-problems.js';
import { yamlSyntaxProblems } from './yaml-syntax-problems.js';

const KIND_BY_SECTION = {
  entities: 'entity',
  feature_views: 'feature view',
  feature_services: 'feature service',
  quality_checks: 'quality check',
} as const;

export class DefinitionsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(
      problems
        .map(
          (problem) =>
            `${file}${problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : ''}: ${problem.message}`,
        )
        .join('\n'),
    );
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

/** Names given to two items of one section (names ignore case), each with the lines it is on. */
function duplicateNames(parsed: ParsedDefinitions, itemLines: Map<string, number[]>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const section of Object.keys(KIND_BY_SECTION) as (keyof typeof KIND_BY_SECTION)[]) {
    const reported = new Set<string>();
    for (const item of parsed.definitions[section]) {
      const key = item.name.toLowerCase();
      const lines = itemLines.get(`${section}/${key}`) ?? [];
      if (lines.length < 2 || reported.has(key)) continue;
      reported.add(key);
      problems.push({
        line: lines[1] ?? null,
        message: `${KIND_BY_SECTION[section]} \`${item.name}\` is defined twice, on lines ${lines.join(' and ')}: give each a different name (names ignore case)`,
      });
    }
  }
  return problems;
}

/** Reads a definitions file's YAML and checks its shape, reporting every problem with its line. */
export function parseDefinitions(text: string, file: string): ParsedDefinitions {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new DefinitionsError(file, yamlSyntaxProblems(document.errors, text));
  const root = document.toJS() ?? {};
  // A section whose items are all commented out (`feature_views:` and nothing) holds none.
  if (typeof root === 'object' && !Array.isArray(root))
    for (const section of Object.keys(KIND_BY_SECTION)) if (root[section] === null) delete root[section];
  const parsed = FeatureDefinitions.safeParse(root);
  if (!parsed.success) throw new DefinitionsError(file, shapeProblems(parsed.error.issues, document, counter, root));
  const lines = new Map<string, number>();
  const itemLines = new Map<string, number[]>();
  for (const section of Object.keys(KIND_BY_SECTION) as (keyof typeof KIND_BY_SECTION)[]) {
    const sequence = document.get(section, true);
    if (!isSeq(sequence)) continue;
    for (const item of sequence.items) {
      if (!isMap(item)) continue;
      const name = item.get('name');
      const line = lineOf(item as Located, counter);
      if (typeof name !== 'string' || line === null) continue;
      if (!lines.has(`${section}/${name}`)) lines.set(`${section}/${name}`, line);
      const key = `${section}/${name.toLowerCase()}`;
      itemLines.set(key, [...(itemLines.get(key) ?? []), line]);
    }
  }
  const result = { definitions: parsed.data, lines };
  const duplicates = duplicateNames(result, itemLines);
  if (duplicates.length > 0) throw new DefinitionsError(file, duplicates);
  return result;
}
