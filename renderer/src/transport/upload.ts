import { API_UPLOADS_PATH } from '../../../shared/client/http-paths.js';
import { TriadError } from '../../../shared/contract/errors.js';
import type { Reply } from '../../../shared/contract/wire.js';
import { desktopBridge } from './desktop-transport.js';

/** Web mode: sends a file the user picked to `triad serve`, which keeps it for the importer. */
export async function uploadFile(file: File): Promise<string> {
  const response = await fetch(`${API_UPLOADS_PATH}?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  const reply = (await response.json()) as Reply;
  if (!reply.ok) throw TriadError.fromBody(reply.error);
  return (reply.result as { path: string }).path;
}

/** A path the backend can read a file the user picked at: where it is on the desktop, an upload in the browser. */
export async function backendPathOf(file: File): Promise<string> {
  return desktopBridge()?.pathOfFile(file) || (await uploadFile(file));
}
