import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS_TABLE = 'triad_schema_migrations';

/** Stamped in the SQLite header (PRAGMA application_id) so a Triad database is known without opening it. */
export const TRIAD_APPLICATION_ID = 0x54524944;

/** The project schema, one step per release that changed it. Never edit a shipped step: add one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'project catalog',
    sql: `
      CREATE TABLE triad_project (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_with TEXT NOT NULL
      );
      CREATE TABLE triad_feature_views (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE triad_feature_services (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE triad_runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE TABLE triad_models (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'data tables, imports and quarantine',
    sql: `
      CREATE TABLE triad_tables (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        row_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE triad_columns (
        table_name TEXT NOT NULL REFERENCES triad_tables (name) ON DELETE CASCADE ON UPDATE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        type TEXT NOT NULL,
        format TEXT,
        PRIMARY KEY (table_name, name)
      );
      CREATE TABLE triad_imports (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        file TEXT NOT NULL,
        file_bytes INTEGER NOT NULL,
        format TEXT NOT NULL,
        mode TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        rows_imported INTEGER NOT NULL DEFAULT 0,
        rows_quarantined INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT
      );
      CREATE INDEX triad_imports_by_table ON triad_imports (table_name, started_at);
      CREATE TABLE triad_quarantine (
        import_id TEXT NOT NULL REFERENCES triad_imports (id) ON DELETE CASCADE,
        row_number INTEGER NOT NULL,
        column_name TEXT,
        reason TEXT NOT NULL,
        raw TEXT
      );
      CREATE INDEX triad_quarantine_by_import ON triad_quarantine (import_id, row_number);
    `,
  },
  {
    version: 3,
    name: 'entities',
    sql: `
      CREATE TABLE triad_entities (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'training-set snapshots',
    sql: `
      CREATE TABLE triad_training_sets (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        feature_service TEXT,
        entity_table TEXT NOT NULL,
        feature_views TEXT NOT NULL CHECK (json_valid(feature_views)),
        row_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        artifact TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'materializations',
    sql: `
      CREATE TABLE triad_materializations (
        id TEXT PRIMARY KEY,
        feature_view TEXT NOT NULL,
        start_ms INTEGER,
        end_ms INTEGER NOT NULL,
        rows_written INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL
      );
      CREATE INDEX triad_materializations_by_view ON triad_materializations (feature_view, end_ms);
    `,
  },
  {
    version: 6,
    name: 'quality checks',
    sql: `
      CREATE TABLE triad_quality_checks (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE triad_check_results (
        check_name TEXT NOT NULL,
        target TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error')),
        failing_rows INTEGER NOT NULL,
        total_rows INTEGER NOT NULL,
        detail TEXT NOT NULL,
        blocking INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        checked_at TEXT NOT NULL
      );
      CREATE INDEX triad_check_results_by_check ON triad_check_results (check_name, checked_at);
    `,
  },
  {
    version: 7,
    name: 'tables made by SQL keep their SQL, for lineage',
    sql: `ALTER TABLE triad_tables ADD COLUMN made_by_sql TEXT;`,
  },
  {
    version: 8,
    name: 'materializations record the latest event time they read',
    // Runs before this step kept only their window's end; one that wrote rows had read up to it.
    sql: `
      ALTER TABLE triad_materializations ADD COLUMN watermark_ms INTEGER;
      UPDATE triad_materializations SET watermark_ms = end_ms WHERE rows_written > 0;
    `,
  },
  {
    version: 9,
    name: 'materializations count the rows whose event time could not be read',
    sql: `ALTER TABLE triad_materializations ADD COLUMN rows_skipped INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 10,
    name: 'jobs: long operations with their state, progress, log and result',
    sql: `
      CREATE TABLE triad_jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        progress TEXT CHECK (progress IS NULL OR json_valid(progress)),
        result TEXT CHECK (result IS NULL OR json_valid(result)),
        error TEXT,
        origin TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX triad_jobs_by_state ON triad_jobs (state);
      CREATE INDEX triad_jobs_by_created ON triad_jobs (created_at);
      CREATE TABLE triad_job_log (
        job_id TEXT NOT NULL REFERENCES triad_jobs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `,
  },
  {
    version: 11,
    name: 'staging tables: imports build their table beside the old one, in batches, and swap it in',
    sql: `
      CREATE TABLE triad_staging (
        name TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        owner TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        import_id TEXT,
        started_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 12,
    name: 'model registry: versions with their ONNX file, signature and card, aliases; training runs',
    sql: `
      ALTER TABLE triad_runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE triad_runs ADD COLUMN metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics));
      ALTER TABLE triad_runs ADD COLUMN artifacts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(artifacts));
      ALTER TABLE triad_runs ADD COLUMN job_id TEXT;
      ALTER TABLE triad_runs ADD COLUMN error TEXT;
      CREATE TABLE triad_model_versions (
        model TEXT NOT NULL REFERENCES triad_models (name),
        version INTEGER NOT NULL,
        artifact TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        signature TEXT NOT NULL CHECK (json_valid(signature)),
        card TEXT NOT NULL CHECK (json_valid(card)),
        tags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tags)),
        description TEXT NOT NULL DEFAULT '',
        run_id TEXT REFERENCES triad_runs (id),
        training_set_id TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (model, version)
      );
      CREATE TABLE triad_model_aliases (
        model TEXT NOT NULL,
        alias TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (model, alias),
        FOREIGN KEY (model, version) REFERENCES triad_model_versions (model, version)
      );
    `,
  },
  {
    version: 13,
    name: 'pipeline runs: each run with its definition, parameters and state; each step with its cache key and outputs',
    sql: `
      CREATE TABLE triad_pipeline_runs (
        id TEXT PRIMARY KEY,
        pipeline TEXT NOT NULL,
        file TEXT NOT NULL,
        definition TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        reason TEXT NOT NULL,
        resumed_from TEXT REFERENCES triad_pipeline_runs (id),
        owner_pid INTEGER NOT NULL,
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX triad_pipeline_runs_by_pipeline ON triad_pipeline_runs (pipeline, started_at);
      CREATE TABLE triad_pipeline_steps (
        run_id TEXT NOT NULL REFERENCES triad_pipeline_runs (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('pending', 'running', 'succeeded', 'cached', 'failed', 'cancelled', 'skipped', 'interrupted')),
        attempts INTEGER NOT NULL DEFAULT 0,
        cache_key TEXT,
        cached_from TEXT,
        job_id TEXT,
        outputs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(outputs)),
        metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
        error TEXT,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (run_id, step)
      );
      CREATE INDEX triad_pipeline_steps_by_cache_key ON triad_pipeline_steps (cache_key);
    `,
  },
  {
    version: 14,
    name: 'pipeline schedules and triggers: what each last saw, and the history of runs they started, skipped or missed',
    sql: `
      CREATE TABLE triad_pipeline_schedules (
        pipeline TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        checked_until TEXT NOT NULL
      );
      CREATE TABLE triad_pipeline_trigger_marks (
        pipeline TEXT NOT NULL,
        table_name TEXT NOT NULL COLLATE NOCASE,
        row_count INTEGER,
        table_updated_at TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (pipeline, table_name)
      );
      CREATE TABLE triad_pipeline_schedule_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        pipeline TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('schedule', 'trigger')),
        due_at TEXT,
        table_name TEXT,
        row_count INTEGER,
        table_updated_at TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('started', 'skipped_overlap', 'missed', 'refused')),
        occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
        message TEXT,
        run_id TEXT,
        recorded_at TEXT NOT NULL,
        CHECK ((source = 'schedule') = (due_at IS NOT NULL)),
        CHECK ((source = 'trigger') = (table_name IS NOT NULL))
      );
      CREATE INDEX triad_pipeline_schedule_events_by_pipeline ON triad_pipeline_schedule_events (pipeline, id);
      CREATE UNIQUE INDEX triad_pipeline_schedule_events_once_per_fire
        ON triad_pipeline_schedule_events (pipeline, due_at) WHERE source = 'schedule';
    `,
  },
  {
    version: 15,
    name: 'files an import writes, kept with its transaction so they are written even if the process stops right after it',
    sql: `
      CREATE TABLE triad_pending_files (
        import_id TEXT NOT NULL,
        target TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (import_id, target)
      );
    `,
  },
  {
    version: 16,
    name: "bundle signing: the teammates' keys the project trusts, and project settings (whether imported bundles must be signed)",
    sql: `
      CREATE TABLE triad_trusted_keys (
        key_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at TEXT NOT NULL
      );
      CREATE TABLE triad_project_settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 17,
    name: 'the references the model server serves, with their batching and concurrency settings',
    sql: `
      CREATE TABLE triad_deployments (
        reference TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        settings TEXT NOT NULL,
        deployed_at TEXT NOT NULL
      );
    `,
  },
];

export const SUPPORTED_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

export function appliedSchemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
  if (!table) return 0;
  const row = db.prepare(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`).get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Applies every pending step in one transaction, and mirrors the version into the header's
 * user_version: a failing step leaves the database exactly
 * at the version it had before.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  // Opening an up-to-date project must not wait for the write lock another process (an import) holds.
  const latest = Math.max(0, ...migrations.map((migration) => migration.version));
  const current = appliedSchemaVersion(db);
  if (current >= latest && db.pragma('application_id', { simple: true }) === TRIAD_APPLICATION_ID) return current;
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const current = appliedSchemaVersion(db);
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new Error(
          `schema migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
        );
      }
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    const version = appliedSchemaVersion(db);
    db.pragma(`application_id = ${TRIAD_APPLICATION_ID}`);
    db.pragma(`user_version = ${version}`);
    return version;
  });
  return apply.immediate();
}
