import { useEffect } from 'react';
import { useUiStore } from '../state/ui-store.js';

/** Asks before the window closes or reloads while any project has feature definitions not applied. */
export function useUnsavedWarning() {
  const unsaved = useUiStore((state) => Object.keys(state.definitionDrafts).length > 0);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
