import { useUiStore } from '../state/ui-store.js';
import { isBuiltPage } from '../workspaces/WorkspaceView.js';
import { WORKSPACES } from '../workspaces/workspaces.js';

export function Sidebar() {
  const role = useUiStore((state) => state.role);
  const page = useUiStore((state) => state.pageByRole[state.role]);
  const showPage = useUiStore((state) => state.showPage);

  return (
    <nav className="sidebar" aria-label="Workspace pages">
      <ul>
        {WORKSPACES[role].pages.map((entry) => {
          const built = isBuiltPage(role, entry.id);
          return (
            <li key={entry.id}>
              <button
                type="button"
                className={built ? 'sidebar__link' : 'sidebar__link sidebar__link--planned'}
                aria-current={entry.id === page ? 'page' : undefined}
                aria-label={built ? undefined : `${entry.label} (not built yet)`}
                title={built ? undefined : 'Not built yet: this page only says what it will do'}
                onClick={() => showPage(entry.id)}
              >
                {entry.label}
                {built ? null : (
                  <span className="sidebar__badge" aria-hidden>
                    soon
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
