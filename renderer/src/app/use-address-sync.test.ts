import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentPlace, useUiStore } from '../state/ui-store.js';
import { startAddressSync } from './use-address-sync.js';

const initial = useUiStore.getState();
let stop: (() => void) | undefined;
function stopSync() {
  stop?.();
  stop = undefined;
}

function startAt(address: string, savedRole: Parameters<typeof startAddressSync>[0] = 'data-engineer') {
  stopSync();
  window.history.replaceState(null, '', address || window.location.pathname);
  stop = startAddressSync(savedRole);
}

/** What Back, Forward or an edited address do: the address changes, then the window says so. */
function browserMovesTo(address: string) {
  window.history.replaceState(null, '', address);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

beforeEach(() => useUiStore.setState(initial, true));
afterEach(stopSync);

describe('address sync', () => {
  it('shows the place the address names, over the saved role', () => {
    startAt('#/data-scientist/explore/flights', 'ml-engineer');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-scientist', page: 'explore', item: 'flights' });
    expect(window.location.hash).toBe('#/data-scientist/explore/flights');
  });

  it('shows the saved role without an address, and writes its address without a history entry', () => {
    const length = window.history.length;
    startAt('', 'ml-engineer');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'ml-engineer', page: 'home' });
    expect(window.location.hash).toBe('#/ml-engineer');
    expect(window.history.length).toBe(length);
  });

  it('corrects an address that names no place to the home, without a history entry', () => {
    const length = window.history.length;
    startAt('#/nobody/nowhere', 'data-scientist');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-scientist', page: 'home' });
    expect(window.location.hash).toBe('#/data-scientist');
    startAt('#/data-engineer/nowhere/flights');
    expect(window.location.hash).toBe('#/data-engineer');
    expect(window.history.length).toBe(length);
  });

  it('pushes a history entry for each move in the app', () => {
    startAt('#/data-engineer');
    const length = window.history.length;
    useUiStore.getState().showPage('tables');
    expect(window.location.hash).toBe('#/data-engineer/tables');
    useUiStore.getState().selectItem('a/b c');
    expect(window.location.hash).toBe('#/data-engineer/tables/a%2Fb%20c');
    useUiStore.getState().showRole('data-scientist');
    expect(window.location.hash).toBe('#/data-scientist');
    expect(window.history.length).toBe(length + 3);
  });

  it('follows the address back and forward without pushing again', () => {
    startAt('#/data-scientist/explore/weather');
    useUiStore.getState().openPage('data-engineer', 'tables', 'flights');
    const length = window.history.length;
    browserMovesTo('#/data-scientist/explore/weather');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-scientist', page: 'explore', item: 'weather' });
    browserMovesTo('#/data-engineer/tables');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-engineer', page: 'tables' });
    expect(window.history.length).toBe(length);
  });

  it('corrects a wrong address typed while the app runs to the current workspace home', () => {
    startAt('#/data-scientist/explore');
    browserMovesTo('#/data-scientist/bogus');
    expect(currentPlace(useUiStore.getState())).toEqual({ role: 'data-scientist', page: 'home' });
    expect(window.location.hash).toBe('#/data-scientist');
    browserMovesTo('#/bogus');
    expect(window.location.hash).toBe('#/data-scientist');
  });

  it('stops following both ways once stopped', () => {
    startAt('#/data-engineer');
    stopSync();
    useUiStore.getState().showPage('tables');
    expect(window.location.hash).toBe('#/data-engineer');
    browserMovesTo('#/ml-engineer');
    expect(useUiStore.getState().role).toBe('data-engineer');
  });
});
