import { TriadError } from '../../../shared/contract/errors.js';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Names users give tables: plain identifiers, never Triad's or SQLite's own prefixes. */
export function assertTableName(name: string): void {
  if (!TABLE_NAME.test(name)) {
    throw new TriadError(
      'invalid_input',
      `"${name}" cannot name a table: use letters, digits and underscores, starting with a letter or underscore (at most 63 characters)`,
    );
  }
  if (/^(triad_|sqlite_)/i.test(name)) {
    throw new TriadError(
      'invalid_input',
      `"${name}" cannot name a table: names starting with triad_ or sqlite_ are reserved`,
    );
  }
}
