import { useUiStore } from '../state/ui-store.js';
import { WORKSPACES } from '../workspaces/workspaces.js';

export function Sidebar() {
  const role = useUiStore((state) => state.role);
  const page = useUiStore((state) => state.pageByRole[state.role]);
  const showPage = useUiStore((state) => state.showPage);

  return (
    <nav className="sidebar" aria-label="Workspace pages">
      <ul>
        {WORKSPACES[role].pages.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="sidebar__link"
              aria-current={entry.id === page ? 'page' : undefined}
              onClick={() => showPage(entry.id)}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
