import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { SettingsStore } from '../settings/settings-store.js';

export function settingsHandlers(settings: SettingsStore, bus: EventBus): DomainHandlers {
  return {
    'settings.get': () => settings.settings(),
    'settings.setRole': ({ role }) => {
      const updated = settings.setRole(role);
      bus.emit('settings.changed', updated);
      return updated;
    },
  };
}
