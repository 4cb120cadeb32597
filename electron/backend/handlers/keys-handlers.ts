import type { ProjectSession } from '../app/project-session.js';
import { createOwnSigningKey, ownSigningKey } from '../bundles/signing-key-files.js';
import { setRequireSignedBundles, trustKeyLine, trustList, untrustKey } from '../bundles/trusted-keys.js';
import type { EventBus } from '../contract/event-bus.js';
import type { DomainHandlers } from '../contract/handler-registry.js';

export function keysHandlers(appDataDir: string, session: ProjectSession, bus: EventBus): DomainHandlers {
  const trustListChanged = <T>(result: T): T => {
    bus.emit('keys.changed', { changed: 'trust-list' });
    return result;
  };
  return {
    'keys.get': () => ({ key: ownSigningKey(appDataDir) }),
    'keys.create': ({ name, replace }) => {
      const key = createOwnSigningKey(appDataDir, name, { replace });
      bus.emit('keys.changed', { changed: 'own-key' });
      return key;
    },
    'keys.trusted': () => trustList(session.current.db),
    'keys.trust': ({ line, name }) => trustListChanged(trustKeyLine(session.current.db, line, name)),
    'keys.untrust': ({ keyId }) => trustListChanged(untrustKey(session.current.db, keyId)),
    'keys.setRequireSignature': ({ on }) => {
      setRequireSignedBundles(session.current.db, on);
      return trustListChanged(trustList(session.current.db));
    },
  };
}
