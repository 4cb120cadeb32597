import type { ReactNode } from 'react';
import { useUiStore } from '../state/ui-store.js';

/** A button that opens another page of the current workspace: the next step an empty state suggests. */
export function GoToPageButton({ page, children }: { page: string; children: ReactNode }) {
  const showPage = useUiStore((state) => state.showPage);
  return (
    <button type="button" className="button" onClick={() => showPage(page)}>
      {children}
    </button>
  );
}
