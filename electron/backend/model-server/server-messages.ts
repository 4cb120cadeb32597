import type { ModelSignature } from '../../../shared/contract/schemas.js';
import type { DeploymentSettings, PredictionLogSettings } from '../../../shared/contract/serving.js';

/** One registry version the server thread loads: everything it needs without reading the project database. */
export interface ServedVersion {
  model: string;
  version: number;
  /** Absolute path of the ONNX file. */
  file: string;
  signature: ModelSignature;
  settings: DeploymentSettings;
  /** The feature service the model was trained on, for calls by entity id; null when it has none. */
  featureService: string | null;
  /** The card's input columns, in input order. */
  features: string[];
}

export function versionKey(model: string, version: number): string {
  return `${model}:${version}`;
}

export interface ServerThreadOptions {
  host: string;
  port: number;
  anyPortIfBusy: boolean;
  token: string | null;
  appVersion: string;
  /** The project database, opened read-only for feature reads by entity id. */
  databaseFile: string;
  /** The prediction log's own SQLite file. */
  logFile: string;
  logging: PredictionLogSettings;
  maxBodyBytes: number;
  /** How long a period the request rollups (the dashboards' counts and latencies) cover. */
  rollupMs: number;
}

export type HostToServer =
  | {
      type: 'serve';
      /** Every version to keep loaded. */
      versions: ServedVersion[];
      /** Path names (NAME, NAME@ALIAS, NAME:VERSION) -> the version key they reach. */
      routes: Record<string, string>;
      generation: number;
    }
  | { type: 'logging'; settings: PredictionLogSettings }
  | { type: 'stop' };

export interface VersionState {
  key: string;
  state: 'loading' | 'ready' | 'failed';
  error: string | null;
  loadedAt: string | null;
}

export type ServerToHost =
  | { type: 'listening'; port: number; note: string | null; runtimeVersion: string }
  | { type: 'versions'; generation: number; states: VersionState[] }
  | { type: 'problem'; message: string }
  | { type: 'stopped' };
