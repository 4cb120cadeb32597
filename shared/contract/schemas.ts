import { z } from 'zod';
import { ROLE_IDS } from '../roles.js';
import { SERVICE_IDS, SERVICE_STATES } from '../services.js';

export const NoInput = z.object({}).strict();

export const ProjectPath = z
  .string({ error: 'a project path must be a string' })
  .trim()
  .min(1, 'a project path must not be empty');

export const ProjectInfo = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  isDefault: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const TableFact = z.object({ name: z.string(), rows: z.number().int() });

export const ProjectFacts = z.object({
  tables: z.array(TableFact),
  featureViews: z.number().int(),
  featureServices: z.number().int(),
  runs: z.number().int(),
  models: z.number().int(),
  databaseBytes: z.number().int(),
  artifactsBytes: z.number().int(),
  artifactCount: z.number().int(),
  schemaVersion: z.number().int(),
});
export type ProjectFacts = z.infer<typeof ProjectFacts>;

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const Role = z.enum(ROLE_IDS);

export const Settings = z.object({
  role: Role,
  lastProjectPath: z.string().nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const ServiceId = z.enum(SERVICE_IDS);

export const ServiceStatus = z.object({
  id: ServiceId,
  label: z.string(),
  state: z.enum(SERVICE_STATES),
  detail: z.string().nullable(),
  /** Where the service listens, for those that do (the model server). */
  url: z.string().nullable(),
  error: z.string().nullable(),
  since: z.string(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const AppInfo = z.object({
  appVersion: z.string(),
  runtime: z.enum(['electron', 'node']),
  platform: z.string(),
  appDataDir: z.string(),
  supportedSchemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;
