import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../../../shared/contract/bundles.js';
import type { ConflictChoice } from './conflict-choices.js';
import { ImportItemsTable } from './ImportItemsTable.js';

const items: ImportItem[] = [
  { kind: 'pipeline', name: 'flight_delays', status: 'conflict', renameRefusal: null, detail: 'differs' },
  {
    kind: 'table',
    name: 'flights',
    status: 'conflict',
    renameRefusal: 'SQL reads tables by name',
    detail: 'other rows',
  },
  { kind: 'entity', name: 'airport', status: 'identical', renameRefusal: null, detail: '' },
];

function Table() {
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  return (
    <ImportItemsTable
      items={items}
      choices={choices}
      onChoose={(key, choice) => setChoices((current) => ({ ...current, [key]: choice }))}
    />
  );
}

describe('the items a bundle brings', () => {
  it('offers a choice for each conflict only, renaming to NAME_2 unless refused with the reason', () => {
    render(<Table />);
    expect(screen.getAllByRole('group')).toHaveLength(2);
    const table = screen.getByRole('group', { name: 'What to do with table flights' });
    const refusedRename = table.querySelector('input[type="radio"]') as HTMLInputElement;
    expect(refusedRename.disabled).toBe(true);
    expect(table.textContent).toContain('Cannot rename: SQL reads tables by name');

    const pipeline = screen.getByRole('group', { name: 'What to do with pipeline flight_delays' });
    fireEvent.click(pipeline.querySelector('input[type="radio"]') as HTMLInputElement);
    const newName = screen.getByRole('textbox', { name: 'New name for pipeline flight_delays' }) as HTMLInputElement;
    expect(newName.value).toBe('flight_delays_2');
  });
});
