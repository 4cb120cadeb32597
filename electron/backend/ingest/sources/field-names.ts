/**
 * Column names as SQLite can hold them: blanks get a positional name, and repeats (compared
 * case-insensitively, as SQLite does) get a numeric suffix: a, a_2, a_3.
 */
export function uniqueFieldNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, index) => {
    const base = name.trim() === '' ? `column_${index + 1}` : name.trim();
    let candidate = base;
    for (let suffix = 2; seen.has(candidate.toLowerCase()); suffix += 1) candidate = `${base}_${suffix}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}
