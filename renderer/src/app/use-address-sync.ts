import { useEffect, useRef } from 'react';
import type { RoleId } from '../../../shared/roles.js';
import { formatAddress, placeFromAddress } from '../state/address.js';
import { currentPlace, useUiStore } from '../state/ui-store.js';

/**
 * Shows the place the address names (the saved role's home when it names none) and from then on
 * keeps the two together: each move in the app pushes a history entry, and Back, Forward or an
 * edited address move the app. An address that names a wrong place is corrected in place, without
 * a history entry. Returns the function that stops it.
 */
export function startAddressSync(savedRole: RoleId): () => void {
  const showAddressedPlace = (fallbackRole: RoleId) => {
    const place = placeFromAddress(window.location.hash, fallbackRole);
    const address = formatAddress(place);
    if (address !== window.location.hash) window.history.replaceState(window.history.state, '', address);
    useUiStore.getState().showPlace(place);
  };
  const followAddress = () => showAddressedPlace(useUiStore.getState().role);

  showAddressedPlace(savedRole);
  // A change the address itself caused leaves nothing to push: the address already says it.
  const stopFollowingStore = useUiStore.subscribe((state) => {
    const address = formatAddress(currentPlace(state));
    if (address !== window.location.hash) window.history.pushState(null, '', address);
  });
  // Back, Forward and an edited address all change the hash; popstate would announce the same move twice.
  window.addEventListener('hashchange', followAddress);
  return () => {
    stopFollowingStore();
    window.removeEventListener('hashchange', followAddress);
  };
}

/** Keeps the address and the app on the same place once the saved role is known. */
export function useAddressSync(savedRole: RoleId | undefined): void {
  // Only the role saved at start decides where an address without a place goes.
  const startRole = useRef(savedRole);
  startRole.current ??= savedRole;
  const known = savedRole !== undefined;
  useEffect(() => {
    if (known && startRole.current) return startAddressSync(startRole.current);
  }, [known]);
}
