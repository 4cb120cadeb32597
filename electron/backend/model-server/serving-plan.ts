import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DeploymentSettings } from '../../../shared/contract/serving.js';
import type { ModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { type ServedVersion, versionKey } from './server-messages.js';

/** A reference to serve, with its settings. */
export interface WantedDeployment {
  reference: string;
  parsed: ModelReference;
  settings: DeploymentSettings;
}

export interface PlannedDeployment {
  reference: string;
  model: string;
  /** Null when the reference does not resolve (the model or alias is gone). */
  version: number | null;
  error: string | null;
}

export interface ServingPlan {
  versions: ServedVersion[];
  routes: Record<string, string>;
  deployments: PlannedDeployment[];
}

/** The path under /v2/models a reference answers at. */
export function referencePath(parsed: ModelReference): string {
  const name = encodeURIComponent(parsed.name);
  if (parsed.alias !== undefined) return `${name}/versions/${encodeURIComponent(parsed.alias)}`;
  if (parsed.version !== undefined) return `${name}/versions/${parsed.version}`;
  return name;
}

/**
 * What the server must hold for these references now: each resolved to its version in the
 * registry, every version reachable by its number, and a model's plain name reaching its plain
 * deployment, else one by alias, else one by version.
 */
export function planServing(db: Database.Database, projectDir: string, wanted: WantedDeployment[]): ServingPlan {
  const versions = new Map<string, ServedVersion>();
  const routes: Record<string, string> = {};
  const deployments: PlannedDeployment[] = [];
  for (const deployment of wanted) {
    const { name } = deployment.parsed;
    try {
      const resolved = resolveModelVersion(db, deployment.parsed);
      const key = versionKey(name, resolved.version);
      if (!versions.has(key))
        versions.set(key, {
          model: name,
          version: resolved.version,
          file: join(projectDir, resolved.artifact),
          signature: resolved.signature,
          settings: deployment.settings,
          featureService: resolved.card.featureService,
          features: resolved.card.features,
        });
      const pathName =
        deployment.parsed.alias !== undefined
          ? `${name}@${deployment.parsed.alias}`
          : deployment.parsed.version !== undefined
            ? key
            : name;
      routes[pathName] = key;
      routes[key] = key;
      deployments.push({ reference: deployment.reference, model: name, version: resolved.version, error: null });
    } catch (error) {
      deployments.push({
        reference: deployment.reference,
        model: name,
        version: null,
        error: (error as Error).message,
      });
    }
  }
  // A model's plain name reaches its plain deployment, else an alias (what people call current), else a pinned version.
  const byPreference = [...deployments].sort(
    (a, b) => Number(!a.reference.includes('@')) - Number(!b.reference.includes('@')),
  );
  for (const deployment of byPreference) {
    if (deployment.version !== null && !Object.hasOwn(routes, deployment.model))
      routes[deployment.model] = versionKey(deployment.model, deployment.version);
  }
  return { versions: [...versions.values()], routes, deployments };
}
