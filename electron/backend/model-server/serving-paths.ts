/** What a request to the model server asks for, from its method and path segments. */
export type ServingRoute =
  | { kind: 'live' | 'ready' | 'server-metadata' | 'metrics' | 'ping' }
  | { kind: 'model-metadata'; name: string }
  | { kind: 'model-ready'; name: string }
  | { kind: 'infer'; name: string }
  | { kind: 'infer-by-entity'; name: string }
  | { kind: 'invocations'; name: string | null }
  | { kind: 'none'; message: string };

const MODEL_ACTIONS = new Map<string, 'model-ready' | 'infer' | 'infer-by-entity'>([
  ['ready', 'model-ready'],
  ['infer', 'infer'],
  ['infer-by-entity', 'infer-by-entity'],
]);

/**
 * The catalog name a model path reaches: `m` (its default version), `m@alias`, or with a version
 * segment `m:3` (a number) or `m@alias` (anything else: the protocol's versions are strings).
 */
function catalogName(model: string, version: string | undefined): string {
  if (version === undefined) return model;
  return /^\d+$/.test(version) ? `${model}:${Number(version)}` : `${model}@${version}`;
}

/** The route of a path under /v2/models/ (`segments` from "v2" on), or null when it names none. */
function modelRoute(method: string, segments: string[]): ServingRoute | null {
  const model = segments[2];
  if (!model) return null;
  const versioned = segments[3] === 'versions';
  if (versioned && !segments[4]) return null;
  const name = catalogName(model, versioned ? segments[4] : undefined);
  const actionAt = versioned ? 5 : 3;
  if (segments.length === actionAt) return method === 'GET' ? { kind: 'model-metadata', name } : null;
  if (segments.length !== actionAt + 1) return null;
  const kind = MODEL_ACTIONS.get(segments[actionAt] as string);
  if (!kind) return null;
  if ((kind === 'model-ready') !== (method === 'GET')) return null;
  return { kind, name };
}

export function servingRoute(method: string, segments: string[]): ServingRoute {
  if (segments[0] === 'v2' && segments[1] === 'models') {
    const route = modelRoute(method, segments);
    if (route) return route;
  } else if (method === 'POST' && segments.length === 3 && segments[0] === 'models' && segments[2] === 'invocations') {
    return { kind: 'invocations', name: segments[1] as string };
  }
  const path = `/${segments.join('/')}`;
  if (method === 'GET') {
    if (path === '/v2/health/live') return { kind: 'live' };
    if (path === '/v2/health/ready') return { kind: 'ready' };
    if (path === '/v2' || path === '/v2/') return { kind: 'server-metadata' };
    if (path === '/metrics') return { kind: 'metrics' };
    if (path === '/ping' || path === '/health') return { kind: 'ping' };
  }
  if (method === 'POST' && path === '/invocations') return { kind: 'invocations', name: null };
  return { kind: 'none', message: `no route for ${method} ${path}` };
}
