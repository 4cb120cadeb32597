import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { TriadError } from '../../../shared/contract/errors.js';
import {
  DEFAULT_DRIFT_WATCH,
  DEFAULT_PREDICTION_LOG,
  DeploymentSettings,
  DriftWatchSettings,
  PredictionLogSettings,
} from '../../../shared/contract/serving.js';
import { formatModelReference, type ModelReference, parseModelReference } from '../models/model-reference.js';

/** A reference the project serves, as recorded. */
export interface StoredDeployment {
  reference: string;
  model: string;
  settings: DeploymentSettings;
  deployedAt: string;
}

interface DeploymentRow {
  reference: string;
  model: string;
  settings: string;
  deployed_at: string;
}

const LOGGING_SETTING = 'serving.prediction-log';
const DRIFT_WATCH_SETTING = 'serving.drift-watch';

/** A reference in its one spelling (NAME, NAME@ALIAS, NAME:VERSION), so one deployment is one row. */
export function canonicalReference(text: string): { reference: string; parsed: ModelReference } {
  const parsed = parseModelReference(text.trim());
  return { reference: formatModelReference(parsed), parsed };
}

export function listDeployments(db: Database.Database): StoredDeployment[] {
  return (db.prepare('SELECT * FROM triad_deployments ORDER BY reference').all() as DeploymentRow[]).map((row) => ({
    reference: row.reference,
    model: row.model,
    settings: DeploymentSettings.parse(JSON.parse(row.settings)),
    deployedAt: row.deployed_at,
  }));
}

/** Records a deployment, or changes the settings of one already recorded (keeping when it was deployed). */
export function saveDeployment(
  db: Database.Database,
  reference: string,
  model: string,
  settings: DeploymentSettings,
): StoredDeployment {
  db.prepare(
    `INSERT INTO triad_deployments (reference, model, settings, deployed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (reference) DO UPDATE SET settings = excluded.settings`,
  ).run(reference, model, JSON.stringify(settings), new Date().toISOString());
  return listDeployments(db).find((entry) => entry.reference === reference) as StoredDeployment;
}

export function removeDeployment(db: Database.Database, reference: string): void {
  const removed = db.prepare('DELETE FROM triad_deployments WHERE reference = ?').run(reference).changes;
  if (removed === 0) {
    const deployed = listDeployments(db).map((entry) => entry.reference);
    throw new TriadError(
      'not_found',
      `${reference} is not deployed (${deployed.length === 0 ? 'nothing is deployed' : `deployed: ${deployed.join(', ')}`})`,
    );
  }
}

/** A project setting kept as JSON, or its default when unset or no longer valid. */
function projectSetting<T>(db: Database.Database, name: string, schema: z.ZodType<T>, fallback: T): T {
  const row = db.prepare('SELECT value FROM triad_project_settings WHERE name = ?').get(name) as
    | { value: string }
    | undefined;
  if (!row) return fallback;
  const parsed = schema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : fallback;
}

function saveProjectSetting(db: Database.Database, name: string, value: unknown): void {
  db.prepare(
    'INSERT INTO triad_project_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(name, JSON.stringify(value));
}

export const predictionLogSettings = (db: Database.Database): PredictionLogSettings =>
  projectSetting(db, LOGGING_SETTING, PredictionLogSettings, DEFAULT_PREDICTION_LOG);

export const savePredictionLogSettings = (db: Database.Database, settings: PredictionLogSettings): void =>
  saveProjectSetting(db, LOGGING_SETTING, settings);

const LOGGING_SETTING_NAMES: Record<keyof PredictionLogSettings, string> = {
  sampleRatePerSecond: 'sample rate (per second and model)',
  retentionDays: 'retention (days)',
  maxRows: 'size limit (predictions)',
};

/**
 * The prediction log's settings with `changes` applied, checked and kept (nothing is written when
 * there are none); a value out of bounds is refused by name.
 */
export function changePredictionLogSettings(
  db: Database.Database,
  changes: Partial<PredictionLogSettings>,
): PredictionLogSettings {
  const current = predictionLogSettings(db);
  if (Object.keys(changes).length === 0) return current;
  const parsed = PredictionLogSettings.safeParse({ ...current, ...changes });
  if (!parsed.success)
    throw new TriadError(
      'invalid_input',
      parsed.error.issues
        .map(
          (issue) =>
            `the prediction log's ${LOGGING_SETTING_NAMES[issue.path[0] as keyof PredictionLogSettings] ?? String(issue.path[0])}: ${issue.message}`,
        )
        .join('; '),
    );
  savePredictionLogSettings(db, parsed.data);
  return parsed.data;
}

export const driftWatchSettings = (db: Database.Database): DriftWatchSettings =>
  projectSetting(db, DRIFT_WATCH_SETTING, DriftWatchSettings, DEFAULT_DRIFT_WATCH);

export const saveDriftWatchSettings = (db: Database.Database, settings: DriftWatchSettings): void =>
  saveProjectSetting(db, DRIFT_WATCH_SETTING, settings);
