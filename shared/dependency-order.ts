/**
 * Orders names so each comes after the names it depends on (in the given order among equals).
 * Returns the order, or the first cycle found as a list of names (a → b → a).
 */
export function dependencyOrder(
  names: Iterable<string>,
  dependsOn: ReadonlyMap<string, readonly string[]>,
): { order: string[] } | { cycle: string[] } {
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
  for (const name of names) {
    const cycle = visit(name, []);
    if (cycle) return { cycle };
  }
  return { order };
}
