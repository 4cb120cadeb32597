import type { Transport } from '../../../shared/client/triad-client.js';
import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '../../../shared/desktop-bridge.js';

export function desktopBridge(): DesktopBridge | null {
  return (window as unknown as Record<string, DesktopBridge | undefined>)[DESKTOP_BRIDGE_KEY] ?? null;
}

/** Desktop app: the preload relays calls and events over a MessagePort to the backend host. */
export function createDesktopTransport(bridge: DesktopBridge): Transport {
  return {
    send: (method, input) => bridge.invoke(method, input),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}
