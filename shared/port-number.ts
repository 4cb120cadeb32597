export const PORT_RANGE = '0 to 65535';

/** A TCP port as a person writes it: a whole decimal number up to 65535 (0 asks for any free port); null otherwise. */
export function parsePortNumber(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}
