import { formatCount } from './format.js';

/** Why a feature view's row takes no part in a materialization or a training set. */
export const UNREADABLE_EVENT_TIME = 'their event time is not epoch ms or ISO-8601 text';

/** Rows of a view left out because their event time cannot be read. */
export function unreadableTimeWarning(view: string, rows: number): string {
  return `${view}: ${formatCount(rows, 'row')} skipped: ${UNREADABLE_EVENT_TIME}`;
}
