import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from '../state/ui-store.js';
import { Sidebar } from './Sidebar.js';

function pageButtons() {
  return within(screen.getByRole('navigation', { name: 'Workspace pages' })).getAllByRole('button');
}

const initial = useUiStore.getState();
beforeEach(() => useUiStore.setState(initial, true));

describe('Sidebar', () => {
  it('lists the pages of the current workspace', () => {
    useUiStore.setState({ role: 'data-scientist' });
    render(<Sidebar />);
    expect(pageButtons().map((button) => button.textContent)).toEqual([
      'Home',
      'Explore',
      'Training sets',
      'Train',
      'Models',
      'Pipelines',
      'Experiments',
    ]);
  });

  it('opens a page and marks it as the current one', () => {
    useUiStore.setState({ role: 'ml-engineer' });
    render(<Sidebar />);
    expect(pageButtons().map((button) => button.textContent)).toEqual([
      'Home',
      'Model registry',
      'Deployments',
      'Monitoring',
      'Drift',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Drift' }));
    expect(useUiStore.getState().pageByRole['ml-engineer']).toBe('drift');
    expect(screen.getByRole('button', { name: 'Drift' })).toHaveAttribute('aria-current', 'page');
  });
});
