/** What a request to the model server asks for, from its method and path segments. */
export type ServingRoute =
  | { kind: 'live' | 'ready' | 'server-metadata' | 'metrics' | 'ping' }
  | { kind: 'model-metadata'; name: string }
  | { kind: 'model-ready'; name: string }
  | { kind: 'infer'; name: string }
  | { kind: 'infer-by-entity'; name: string }
  | { kind: 'invocations'; name: string | null }
  | { kind: 'none'; message: string };

const MODEL_ACTIONS: Record<string, 'model-ready' | 'infer' | 'infer-by-entity'> = {
  ready: 'model-ready',
  infer: 'infer',
  'infer-by-entity': 'infer-by-entity',
};

/**
 * The catalog name a model path reaches: `m` (its default version), `m@alias`, or with a version
 * segment `m:3` (a number) or `m@alias` (anything else: the protocol's versions are strings).
 */
function catalogName(model: string, version: string | undefined): string {
  if (version === undefined) return model;
  return /^\d+$/.test(version) ? `${model}:${Number(version)}` : `${model}@${version}`;
}

function modelRoute(method: string, rest: string[]): ServingRoute | null {
  const [model, ...tail] = rest;
  if (!model) return null;
  const versioned = tail[0] === 'versions';
  if (versioned && !tail[1]) return null;
  const name = catalogName(model, versioned ? tail[1] : undefined);
  const action = versioned ? tail.slice(2) : tail;
  if (action.length === 0) return method === 'GET' ? { kind: 'model-metadata', name } : null;
  if (action.length !== 1) return null;
  const kind = MODEL_ACTIONS[action[0] as string];
  if (!kind) return null;
  if ((kind === 'model-ready') !== (method === 'GET')) return null;
  return { kind, name };
}

export function servingRoute(method: string, segments: string[]): ServingRoute {
  const path = `/${segments.join('/')}`;
  const notFound: ServingRoute = { kind: 'none', message: `no route for ${method} ${path}` };
  if (method === 'GET') {
    if (path === '/v2/health/live') return { kind: 'live' };
    if (path === '/v2/health/ready') return { kind: 'ready' };
    if (path === '/v2' || path === '/v2/') return { kind: 'server-metadata' };
    if (path === '/metrics') return { kind: 'metrics' };
    if (path === '/ping' || path === '/health') return { kind: 'ping' };
  }
  if (method === 'POST' && path === '/invocations') return { kind: 'invocations', name: null };
  if (method === 'POST' && segments.length === 3 && segments[0] === 'models' && segments[2] === 'invocations')
    return { kind: 'invocations', name: segments[1] as string };
  if (segments[0] === 'v2' && segments[1] === 'models') return modelRoute(method, segments.slice(2)) ?? notFound;
  return notFound;
}
