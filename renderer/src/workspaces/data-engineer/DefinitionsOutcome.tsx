import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { formatCount } from '../../../../shared/format.js';

export const CHANGE_MARK = { create: '+', update: '~', delete: '−', unchanged: '·' } as const;

/** Whether the outcome answers Check (which never writes) or Apply. */
export type DefinitionsIntent = 'check' | 'apply';

interface DefinitionsOutcomeProps {
  outcome: ApplyOutcome;
  intent: DefinitionsIntent;
  /** Moves the editor's cursor to a problem's place. */
  onGoTo(line: number, column: number | null): void;
}

function problemsHeading(count: number, intent: DefinitionsIntent): string {
  return intent === 'check'
    ? `Check found ${formatCount(count, 'problem')}:`
    : `${formatCount(count, 'problem')}, so nothing was applied:`;
}

function changesHeading(outcome: ApplyOutcome, count: number): string {
  if (count === 0) return outcome.applied ? 'Applied: nothing changed.' : 'Valid. Nothing to change.';
  return outcome.applied
    ? `Applied ${formatCount(count, 'change')}:`
    : `Valid. Applying would make ${formatCount(count, 'change')}:`;
}

/** What Check or Apply found: the problems, each a link to its line, or the changes made or to make. */
export function DefinitionsOutcome({ outcome, intent, onGoTo }: DefinitionsOutcomeProps) {
  if (outcome.problems.length > 0) {
    return (
      <div role="alert" className="form-error">
        <strong>{problemsHeading(outcome.problems.length, intent)}</strong>
        <ul className="problem-list">
          {outcome.problems.map((problem) => (
            <li key={`${problem.line}-${problem.message}`}>
              {problem.line ? (
                <button
                  type="button"
                  className="problem-list__line"
                  title="Show this line in the editor"
                  onClick={() => onGoTo(problem.line ?? 1, problem.column ?? null)}
                >
                  line {problem.line}
                </button>
              ) : null}{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const changed = outcome.changes.filter((change) => change.action !== 'unchanged');
  return (
    <div role="status" className="apply-outcome">
      <p>{changesHeading(outcome, changed.length)}</p>
      <ChangeList changes={changed} />
    </div>
  );
}

export function ChangeList({ changes }: { changes: ApplyOutcome['changes'] }) {
  return (
    <ul className="change-list">
      {changes.map((change) => (
        <li key={`${change.kind}-${change.name}`} className={`change-list__${change.action}`}>
          {CHANGE_MARK[change.action]} {change.kind} <strong>{change.name}</strong>
        </li>
      ))}
    </ul>
  );
}
