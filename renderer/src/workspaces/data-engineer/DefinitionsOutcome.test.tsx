import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { DefinitionsOutcome } from './DefinitionsOutcome.js';

afterEach(cleanup);

const ONE_PROBLEM: ApplyOutcome = {
  applied: false,
  changes: [],
  problems: [{ line: 7, column: 5, message: 'missing `:` after `ttl`' }],
};
const ONE_CHANGE = (applied: boolean): ApplyOutcome => ({
  applied,
  changes: [
    { kind: 'feature view', name: 'trips', action: 'create' },
    { kind: 'entity', name: 'trip', action: 'unchanged' },
  ],
  problems: [],
});

describe('what Check and Apply report', () => {
  it('says Check found problems, without claiming anything was or was not applied', () => {
    render(<DefinitionsOutcome outcome={ONE_PROBLEM} intent="check" onGoTo={() => undefined} />);
    expect(screen.getByRole('alert').querySelector('strong')?.textContent).toBe('Check found 1 problem:');
  });

  it('says a refused Apply applied nothing', () => {
    render(<DefinitionsOutcome outcome={ONE_PROBLEM} intent="apply" onGoTo={() => undefined} />);
    expect(screen.getByRole('alert').querySelector('strong')?.textContent).toBe('1 problem, so nothing was applied:');
  });

  it('counts changes in the right number', () => {
    render(<DefinitionsOutcome outcome={ONE_CHANGE(true)} intent="apply" onGoTo={() => undefined} />);
    expect(screen.getByRole('status').querySelector('p')?.textContent).toBe('Applied 1 change:');
    cleanup();
    render(<DefinitionsOutcome outcome={ONE_CHANGE(false)} intent="check" onGoTo={() => undefined} />);
    expect(screen.getByRole('status').querySelector('p')?.textContent).toBe('Valid. Applying would make 1 change:');
  });

  it('takes the editor to a problem’s line and column when its line is clicked', () => {
    const visited: [number, number | null][] = [];
    render(
      <DefinitionsOutcome
        outcome={ONE_PROBLEM}
        intent="check"
        onGoTo={(line, column) => visited.push([line, column])}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'line 7' }));
    expect(visited).toEqual([[7, 5]]);
  });
});
