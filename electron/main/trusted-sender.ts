/** The renderer is served from app://triad/; nothing else may talk to the main process. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'triad';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** The part of an IPC event that identifies who sent it. */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null;
}

/** Only the top frame of our own app page may call in: never an iframe, never a foreign page. */
export function isTrustedSender(event: IpcSender): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedAppUrl(frame.url);
}
