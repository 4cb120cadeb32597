import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Role, type Settings } from '../../../shared/contract/schemas.js';
import { DEFAULT_ROLE } from '../../../shared/roles.js';

const RECENT_LIMIT = 10;

const RecentEntry = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
type RecentEntry = z.infer<typeof RecentEntry>;

const SettingsFile = z.object({
  role: Role.catch(DEFAULT_ROLE),
  lastProjectPath: z.string().nullable().catch(null),
  recent: z.array(RecentEntry).catch([]),
});
type SettingsFile = z.infer<typeof SettingsFile>;

const EMPTY: SettingsFile = { role: DEFAULT_ROLE, lastProjectPath: null, recent: [] };

/**
 * The user's settings in one JSON file in the app-data folder, written atomically
 * (temp file + rename) so a crash never leaves it half-written.
 */
export class SettingsStore {
  private data: SettingsFile;
  readonly file: string;

  constructor(
    appDataDir: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.file = join(appDataDir, 'settings.json');
    this.data = this.load();
  }

  private load(): SettingsFile {
    if (!existsSync(this.file)) return { ...EMPTY };
    try {
      return SettingsFile.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (error) {
      const kept = `${this.file}.unreadable-${Date.now()}`;
      renameSync(this.file, kept);
      this.warn(`settings file was unreadable (${(error as Error).message}); kept it as ${kept} and started afresh`);
      return { ...EMPTY };
    }
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(temporary, this.file);
  }

  settings(): Settings {
    return { role: this.data.role, lastProjectPath: this.data.lastProjectPath };
  }

  recent(): readonly RecentEntry[] {
    return this.data.recent;
  }

  setRole(role: Settings['role']): Settings {
    this.data.role = role;
    this.save();
    return this.settings();
  }

  rememberProject(path: string, name: string): void {
    const others = this.data.recent.filter((entry) => entry.path !== path);
    this.data.recent = [{ path, name, openedAt: new Date().toISOString() }, ...others].slice(0, RECENT_LIMIT);
    this.data.lastProjectPath = path;
    this.save();
  }
}
