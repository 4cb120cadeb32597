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
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const dependency of dependsOn.get(name) ?? []) {
      const cycle = visit(dependency, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    order.push(name);
    return null;
  };
  for (const name of views.keys()) {
    const cycle = visit(name, []);
    if (cycle) return { cycle };
  }
  return { order };
}
