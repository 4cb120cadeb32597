import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from '../state/ui-store.js';
import { Sidebar } from './Sidebar.js';

function pageButtons() {
  return within(screen.getByRole('navigation', { name: 'Workspace pages' })).getAllByRole('button');
}

beforeEach(() => useUiStore.setState({ role: 'data-engineer' }));

describe('Sidebar', () => {
  it('marks none of the data scientist’s pages, which are all built', () => {
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
    expect(screen.queryByText('soon')).toBeNull();
  });

  it('marks none of the data engineer’s pages, which are all built', () => {
    render(<Sidebar />);
    expect(pageButtons().filter((button) => button.getAttribute('aria-label'))).toEqual([]);
    expect(screen.queryByText('soon')).toBeNull();
  });

  it('marks the pages that are not built yet, by name and with a visible badge', () => {
    useUiStore.setState({ role: 'ml-engineer' });
    render(<Sidebar />);
    expect(pageButtons().map((button) => button.getAttribute('aria-label'))).toEqual([
      null,
      null,
      null,
      null,
      'Drift (not built yet)',
    ]);
    expect(screen.getAllByText('soon')).toHaveLength(1);
    const planned = pageButtons().filter((button) => button.classList.contains('sidebar__link--planned'));
    expect(planned.map((button) => button.textContent)).toEqual(['Driftsoon']);
  });
});
