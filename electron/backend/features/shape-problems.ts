import { type Document, isMap, isScalar, type LineCounter } from 'yaml';
import type { z } from 'zod';
import {
  CHECK_KINDS,
  EntityDefinition,
  FeatureDefinitions,
  FeatureServiceDefinition,
  FeatureViewDefinition,
  QualityCheckDefinition,
} from '../../../shared/contract/feature-definitions.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';

type Section = keyof FeatureDefinitions;
type Path = (string | number)[];

const KIND: Record<Section, string> = {
  entities: 'entity',
  feature_views: 'feature view',
  feature_services: 'feature service',
  quality_checks: 'quality check',
};

const KEYS: Record<Section, string[]> = {
  entities: Object.keys(EntityDefinition.shape),
  feature_views: Object.keys(FeatureViewDefinition.shape),
  feature_services: Object.keys(FeatureServiceDefinition.shape),
  quality_checks: Object.keys(QualityCheckDefinition.shape),
};

const SECTIONS = Object.keys(FeatureDefinitions.shape) as Section[];

const DURATION = 'a duration like 90s, 30m, 12h, 7d or 2w (0: no limit)';
const NAME = 'a name made of letters, digits and underscores, starting with a letter or underscore';

/** What each field holds, in the words of the definitions file; said when it is missing or wrong. */
const HINTS: Record<Section, Record<string, string>> = {
  entities: {
    name: NAME,
    join_keys: 'a list of the columns that identify one entity, e.g. [trip_id]',
    description: 'text',
  },
  feature_views: {
    name: NAME,
    entities: 'a list of entity names, e.g. [trip]',
    source: 'the SQL that selects the features, e.g. SELECT trip_id, ts, fare FROM trips',
    timestamp_field: 'the column holding when each row’s values became true, e.g. ts',
    created_timestamp_column: 'a column name',
    ttl: DURATION,
    features: 'a list of columns, e.g. [fare, distance]',
    online: 'true or false',
    owner: 'text',
    description: 'text',
    tags: 'names with text values, e.g. { team: ops }',
  },
  feature_services: {
    name: NAME,
    features: 'a list of feature views (VIEW) or single features (VIEW:FEATURE), e.g. [trips, weather:temp]',
    description: 'text',
    tags: 'names with text values, e.g. { team: ops }',
  },
  quality_checks: {
    name: NAME,
    target: 'the name of a table or feature view',
    column: 'a column name',
    check: `one of ${CHECK_KINDS.join(', ')}`,
    min: 'a number',
    max: 'a number',
    values: 'a list of allowed values, e.g. [a, b]',
    pattern: 'a regular expression',
    max_age: DURATION,
    blocking: 'true or false',
    description: 'text',
  },
};

const SECTION_HINT = (section: Section) =>
  `a list of ${section.replace('_', ' ')}, each starting with \`- name: …\` on its own line`;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function shown(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a set of `key: value` lines';
  if (typeof value === 'string') return `\`${value}\``;
  return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Who an item is: `feature view trips`, or by position when it has no usable name. */
function itemName(root: unknown, section: Section, index: number): string {
  const name = valueAt(root, [section, index, 'name']);
  return typeof name === 'string' && name !== '' ? `${KIND[section]} \`${name}\`` : `${KIND[section]} #${index + 1}`;
}

/** The place a path names, e.g. `features` of feature view `trips`, and what belongs there. */
function place(root: unknown, path: Path): { where: string; hint: string | null } {
  const [section, index, field, ...rest] = path;
  if (section === undefined) return { where: 'the file', hint: null };
  if (!SECTIONS.includes(section as Section)) return { where: `\`${String(section)}\``, hint: null };
  const known = section as Section;
  if (index === undefined) return { where: `\`${known}\``, hint: SECTION_HINT(known) };
  const item = itemName(root, known, Number(index));
  if (field === undefined) return { where: item, hint: null };
  const hint = HINTS[known][String(field)] ?? null;
  const fieldPlace = `\`${String(field)}\` of ${item}`;
  if (rest.length === 0) return { where: fieldPlace, hint };
  const [inner] = rest;
  return typeof inner === 'number'
    ? { where: `item ${inner + 1} of ${fieldPlace}`, hint: null }
    : { where: `\`${String(inner)}\` in ${fieldPlace}`, hint: 'text' };
}

type Located = { range?: [number, number, number] | null } | null | undefined;

/** The node a path leads to, or the nearest one above it that exists. */
function nearestNode(document: Document, path: Path): Located {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = document.getIn(path.slice(0, depth), true) as Located;
    if (node?.range) return node;
  }
  return null;
}

function position(node: Located, counter: LineCounter): { line: number | null; column: number | null } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: null, column: null };
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/** The key node `key` of the mapping at `path`, to point at an unknown key itself. */
function keyNode(document: Document, path: Path, key: string): Located {
  const map = document.getIn(path, true);
  if (!isMap(map) && !(path.length === 0 && isMap(document.contents))) return null;
  const items = isMap(map) ? map.items : isMap(document.contents) ? document.contents.items : [];
  const pair = items.find((candidate) => isScalar(candidate.key) && candidate.key.value === key);
  return (pair?.key as Located) ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known key an unknown one was probably meant to be: same letters, one inside the other, or a typo away. */
function meant(key: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[_\s-]/g, '');
  const typed = plain(key);
  return known.find((candidate) => {
    const wanted = plain(candidate);
    return wanted === typed || (typed.length >= 3 && wanted.includes(typed)) || editDistance(typed, wanted) <= 2;
  });
}

function unknownKey(root: unknown, path: Path, key: string, missing: readonly string[]): string {
  const known = path.length === 0 ? SECTIONS : (KEYS[path[0] as Section] ?? []);
  const guess = meant(key, [...missing, ...known]);
  const owner = path.length === 0 ? 'the file has no section' : `${place(root, path).where} has no key`;
  if (guess)
    return `${owner} \`${key}\`: did you mean \`${guess}\`?${missing.includes(guess) ? ` (${guess} is required)` : ''}`;
  return `${owner} \`${key}\`: ${path.length === 0 ? 'the sections' : 'its keys'} are ${listed(known.map((name) => `\`${name}\``))}`;
}

/**
 * The shape checker's issues in the words of the definitions file, each at the line of the
 * node it is about: `features` of feature view `trips` must be a list of columns, e.g. …
 * Fields missing from one item are reported together.
 */
export function shapeProblems(
  issues: readonly z.core.$ZodIssue[],
  document: Document,
  counter: LineCounter,
  root: unknown,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const missing = new Map<string, { path: Path; fields: string[] }>();
  const unknown: { path: Path; keys: string[] }[] = [];
  const add = (path: Path, message: string, node: Located = nearestNode(document, path)) =>
    problems.push({ ...position(node, counter), message });

  for (const issue of issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    const value = valueAt(root, path);
    const { where, hint } = place(root, path);
    switch (issue.code) {
      case 'invalid_type':
        if (path.length === 0) {
          add(
            path,
            `the file must hold the sections ${listed(SECTIONS)} (e.g. \`entities:\` on the first line), not ${shown(value)}`,
          );
        } else if (value === undefined) {
          const parent = path.slice(0, -1);
          const key = JSON.stringify(parent);
          const entry = missing.get(key) ?? { path: parent, fields: [] };
          entry.fields.push(String(path.at(-1)));
          missing.set(key, entry);
        } else {
          add(path, `${where} must be ${hint ?? `of type ${issue.expected}`}, not ${shown(value)}`);
        }
        break;
      case 'unrecognized_keys':
        unknown.push({ path, keys: issue.keys });
        break;
      case 'invalid_format':
      case 'invalid_union':
        add(path, `${where} must be ${hint ?? issue.message}, not ${shown(value)}`);
        break;
      case 'invalid_value':
        add(path, `${where} must be one of ${issue.values.join(', ')}, not ${shown(value)}`);
        break;
      case 'too_small':
        add(
          path,
          issue.origin === 'number'
            ? `${where} must be ${hint ?? `at least ${issue.minimum}`}, not ${shown(value)}`
            : issue.message.startsWith('Too small')
              ? `${where} is empty: it must be ${hint ?? 'given'}`
              : `${where} is empty: ${issue.message}`,
        );
        break;
      default:
        add(path, `${place(root, path.slice(0, 2)).where}: ${issue.message}`);
    }
  }
  // An unknown key next to a missing one is usually the missing one misspelt: one problem, not two.
  for (const { path, keys } of unknown) {
    const absent = missing.get(JSON.stringify(path));
    for (const key of keys) {
      const guess = meant(key, absent?.fields ?? []);
      if (absent && guess) absent.fields = absent.fields.filter((field) => field !== guess);
      add(path, unknownKey(root, path, key, guess ? [guess] : []), keyNode(document, path, key));
    }
  }
  for (const { path, fields } of missing.values()) {
    if (fields.length === 0) continue;
    const [section] = path as [Section];
    const details = fields.map((field) => `\`${field}\` (${HINTS[section]?.[field] ?? 'required'})`);
    add(path, `${place(root, path).where} is missing ${listed(details)}`);
  }
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = `${problem.line}|${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
