import { formatCount } from '../../../shared/format.js';
import { unreadableTimeWarning } from '../../../shared/skipped-rows.js';
import type { SkippedRows } from './historical-retrieval.js';

/** What a training-set build could not join, one sentence per cause and view. */
export function trainingSetWarnings(skipped: readonly SkippedRows[]): string[] {
  return skipped.flatMap((view) => [
    ...(view.entityRowsWithInvalidKeys > 0
      ? [
          `${view.view}: ${formatCount(view.entityRowsWithInvalidKeys, 'entity row')} got no features: their key is not a value of the view's key type (e.g. text that is not a number for a number key)`,
        ]
      : []),
    ...(view.featureRowsWithUnreadableTime > 0
      ? [unreadableTimeWarning(view.view, view.featureRowsWithUnreadableTime)]
      : []),
  ]);
}
