import { ROLES } from '../../../shared/roles.js';
import { useSwitchRole } from '../hooks/use-switch-role.js';
import { useUiStore } from '../state/ui-store.js';
import { MOD_KEY_LABEL } from './platform.js';

export function RoleSwitcher() {
  const active = useUiStore((state) => state.role);
  const switchRole = useSwitchRole();

  return (
    <div role="tablist" aria-label="Role workspaces" className="role-switcher">
      {ROLES.map((role) => (
        <button
          key={role.id}
          type="button"
          role="tab"
          id={`role-tab-${role.id}`}
          aria-selected={role.id === active}
          aria-controls="workspace"
          aria-keyshortcuts={`Control+${role.shortcut} Meta+${role.shortcut}`}
          title={`${role.label} (${MOD_KEY_LABEL}+${role.shortcut})`}
          className={`role-tab role-tab--${role.id}`}
          onClick={() => switchRole(role.id)}
        >
          {role.label}
          <kbd aria-hidden>
            {MOD_KEY_LABEL}+{role.shortcut}
          </kbd>
        </button>
      ))}
    </div>
  );
}
