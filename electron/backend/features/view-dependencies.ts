import { dependencyOrder } from '../../../shared/dependency-order.js';

/** Identifiers a SQL text mentions, outside strings and comments (lower-cased). */
export function mentionedIdentifiers(sql: string): Set<string> {
  const found = new Set<string>();
  const pattern =
    /'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/|"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (const match of sql.matchAll(pattern)) {
    const identifier = match[1]?.replaceAll('""', '"') ?? match[2] ?? match[3] ?? match[4];
    if (identifier) found.add(identifier.toLowerCase());
  }
  return found;
}

/**
 * Orders feature views so each comes after the views its SQL reads from. Returns the order, or
 * the first cycle found as a list of names (a → b → a).
 */
export function orderByDependencies(views: ReadonlyMap<string, string>): { order: string[] } | { cycle: string[] } {
  const names = new Map([...views.keys()].map((name) => [name.toLowerCase(), name]));
  const dependsOn = new Map<string, string[]>();
  for (const [name, sql] of views) {
    dependsOn.set(
      name,
      [...mentionedIdentifiers(sql)].flatMap((identifier) => {
        const other = names.get(identifier);
        return other && other !== name ? [other] : [];
      }),
    );
  }
  return dependencyOrder(views.keys(), dependsOn);
}
