import { beforeEach, describe, expect, it } from 'vitest';
import { currentPlace, pageKey, useUiStore } from './ui-store.js';

const initial = useUiStore.getState();
beforeEach(() => useUiStore.setState(initial, true));

describe('ui store navigation', () => {
  it('opens a page of another workspace with its item chosen', () => {
    useUiStore.getState().openPage('data-scientist', 'explore', 'flights');
    const state = useUiStore.getState();
    expect(state.role).toBe('data-scientist');
    expect(state.pageByRole['data-scientist']).toBe('explore');
    expect(state.pageByRole['data-engineer']).toBe('home');
    expect(state.itemByPage[pageKey('data-scientist', 'explore')]).toBe('flights');
  });

  it('keeps the item of a page when the page is opened without one', () => {
    useUiStore.getState().openPage('data-engineer', 'tables', 'airports');
    useUiStore.getState().openPage('data-engineer', 'home');
    useUiStore.getState().openPage('data-engineer', 'tables');
    expect(useUiStore.getState().itemByPage['data-engineer/tables']).toBe('airports');
  });

  it('chooses and clears the item of the open page only', () => {
    useUiStore.getState().openPage('data-engineer', 'tables', 'airports');
    useUiStore.getState().openPage('data-scientist', 'explore', 'flights');
    useUiStore.getState().selectItem('weather');
    useUiStore.getState().selectItem(null);
    const items = useUiStore.getState().itemByPage;
    expect(items['data-scientist/explore']).toBeUndefined();
    expect(items['data-engineer/tables']).toBe('airports');
  });

  it('shows a place exactly: without an item, the page has none chosen', () => {
    useUiStore.getState().openPage('data-engineer', 'tables', 'airports');
    useUiStore.getState().showPlace({ role: 'data-scientist', page: 'explore', item: 'flights' });
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-scientist', page: 'explore', item: 'flights' });
    useUiStore.getState().showPlace({ role: 'data-engineer', page: 'tables' });
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-engineer', page: 'tables' });
    expect(useUiStore.getState().pageByRole['data-scientist']).toBe('explore');
    expect(useUiStore.getState().itemByPage['data-scientist/explore']).toBe('flights');
  });
});
