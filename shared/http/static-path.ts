/**
 * The one guard for serving the renderer's files, used by the desktop app's app:// protocol and by
 * web mode: which file under the renderer folder a request's decoded path segments name, decided on
 * the segments alone so that no path can lead outside the folder on any platform.
 */
export type StaticPath = { ok: true; relative: string } | { ok: false; message: string };

/** Characters a segment may not hold: separators (also Windows'), drive or stream colons, NUL. */
const UNSAFE_SEGMENT = /[/\\:\0]/;

export function staticPathOf(segments: readonly string[]): StaticPath {
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || UNSAFE_SEGMENT.test(segment)) {
      return { ok: false, message: `the path /${segments.join('/')} leads outside the app's folder` };
    }
    kept.push(segment);
  }
  return { ok: true, relative: kept.length === 0 ? 'index.html' : kept.join('/') };
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  woff2: 'font/woff2',
};

/** The content type of a renderer file, from its extension. */
export function contentTypeOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
