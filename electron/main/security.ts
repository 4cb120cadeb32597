import { app, type Session, type WebContents } from 'electron';
import { isTrustedAppUrl } from './trusted-sender.js';

/** Every web contents: no new windows, no navigation away from the app, no webviews. */
function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The app asks for no permission (camera, notifications, …): refuse every request and check. */
function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function applySecurityBaseline(session: Session): void {
  denyPermissions(session);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
