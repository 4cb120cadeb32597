import type { YamlCursor } from './yaml-cursor.js';

/** The parts of a JSON Schema (draft 2020-12, as zod writes it) that completion reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  required?: string[];
}

export interface Suggestion {
  label: string;
  /** What is inserted in place of the typed word. */
  apply: string;
  type: 'property' | 'enum' | 'variable';
  detail: string;
  /** What the schema says the key is for, when it says. */
  info?: string;
}

/** Of a union, the branches whose constant keys (a step's `kind`) agree with the keys written. */
function branches(schema: JsonSchema, entries: Record<string, string>): JsonSchema[] {
  const options = schema.oneOf ?? schema.anyOf;
  if (!options) return [schema];
  const matching = options.filter((option) =>
    Object.entries(option.properties ?? {}).every(
      ([key, property]) =>
        property.const === undefined || entries[key] === undefined || entries[key] === property.const,
    ),
  );
  return matching.flatMap((option) => branches(option, entries));
}

function child(schema: JsonSchema, segment: string): JsonSchema[] {
  if (segment === '[]') return schema.items ? [schema.items] : [];
  const property = schema.properties?.[segment];
  if (property) return [property];
  return typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
}

/** The schemas that may describe the mapping at the cursor: more than one while a union is undecided. */
export function schemasAt(root: JsonSchema, cursor: Pick<YamlCursor, 'path' | 'mappings'>): JsonSchema[] {
  let current = branches(root, cursor.mappings[0]?.entries ?? {});
  cursor.path.forEach((segment, depth) => {
    const entries = cursor.mappings[depth + 1]?.entries ?? {};
    current = current.flatMap((schema) => child(schema, segment)).flatMap((schema) => branches(schema, entries));
  });
  return current;
}

function typeName(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return [...new Set(options.map(typeName))].join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  return type === 'object' && !schema.properties ? 'mapping' : type === 'array' ? 'list' : type;
}

function describe(schema: JsonSchema, required: boolean): string {
  const parts = [typeName(schema)];
  if (required) parts.push('required');
  else if (schema.default !== undefined && JSON.stringify(schema.default) !== '{}')
    parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}

function keySuggestions(schemas: JsonSchema[], written: Record<string, string>): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const schema of schemas) {
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (key in written || seen.has(key)) continue;
      seen.set(key, {
        label: key,
        apply: `${key}: `,
        type: 'property',
        detail: describe(property, schema.required?.includes(key) ?? false),
        ...(property.description ? { info: property.description } : {}),
      });
    }
  }
  return [...seen.values()];
}

function valuesOf(schema: JsonSchema): unknown[] {
  if (schema.const !== undefined) return [schema.const];
  if (schema.enum) return schema.enum;
  if (schema.type === 'boolean') return [true, false];
  return (schema.oneOf ?? schema.anyOf ?? []).flatMap(valuesOf);
}

function valueSuggestions(schemas: JsonSchema[], key: string, entries: Record<string, string>): Suggestion[] {
  // The value of a union's deciding key (a step's kind) may be any branch's, whatever is written now.
  const { [key]: _typed, ...others } = entries;
  const values = schemas.flatMap((schema) => branches(schema, others)).flatMap((schema) => child(schema, key));
  return [...new Set(values.flatMap(valuesOf).map((value) => String(value)))].map((value) => ({
    label: value,
    apply: value,
    type: 'enum',
    detail: key,
  }));
}

/**
 * What may be typed at the cursor by the schema: the keys its mapping may still take, or the values
 * its key allows; and, inside `${…}`, the references the pipeline offers.
 */
export function schemaSuggestions(root: JsonSchema, cursor: YamlCursor, references: readonly string[]): Suggestion[] {
  if (cursor.prefix.includes('${'))
    return references.map((reference) => ({
      label: `\${${reference}}`,
      apply: `\${${reference}}`,
      type: 'variable',
      detail: reference.startsWith('params.') ? 'parameter' : 'step output',
    }));
  const written = cursor.mappings.at(-1)?.entries ?? {};
  if (cursor.position === 'key')
    return keySuggestions(schemasAt(root, { ...cursor, mappings: cursor.mappings }), written);
  return valueSuggestions(
    schemasAt(root, { path: cursor.path, mappings: cursor.mappings.slice(0, -1).concat({ entries: {} }) }),
    cursor.key as string,
    written,
  );
}
