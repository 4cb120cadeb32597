import type Database from 'better-sqlite3';
import type { ProjectInfo } from '../../../shared/contract/schemas.js';
import { appliedSchemaVersion } from './migrations.js';

interface ProjectRow {
  id: string;
  name: string;
  created_at: string;
}

/** An open project: its folder and its database connection. */
export class Project {
  constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {}

  info(isDefault: boolean): ProjectInfo {
    const row = this.db.prepare('SELECT id, name, created_at FROM triad_project').get() as ProjectRow | undefined;
    return {
      id: row?.id ?? '',
      name: row?.name ?? this.path,
      path: this.path,
      createdAt: row?.created_at ?? '',
      schemaVersion: appliedSchemaVersion(this.db),
      isDefault,
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
