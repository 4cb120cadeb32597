import { LoadedModel } from './loaded-model.js';
import { type ServedVersion, type VersionState, versionKey } from './server-messages.js';

/**
 * The versions the server holds and the names that reach them. A new set of versions loads
 * beside the old; only when every new one is ready (or has failed) do the names move, and the
 * versions no name reaches any more are released after their last request: a hot swap drops
 * no request.
 */
export class ModelCatalog {
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private readonly failures = new Map<string, string>();
  private routes = new Map<string, string>();
  private latestGeneration = -1;

  constructor(private readonly report: (generation: number, states: VersionState[]) => void) {}

  /** The model a path name (NAME, NAME@ALIAS, NAME:VERSION) reaches now, or undefined. */
  resolve(name: string): LoadedModel | undefined {
    const key = this.routes.get(name);
    return key === undefined ? undefined : this.loaded.get(key);
  }

  /** The names served, for error messages and the server metadata. */
  names(): string[] {
    return [...this.routes.keys()].sort();
  }

  /** Whether a path name is known but its version is still loading or failed to load. */
  stateOf(name: string): VersionState | undefined {
    const key = this.routes.get(name);
    if (key === undefined) return undefined;
    return this.describe(key);
  }

  models(): LoadedModel[] {
    return [...this.loaded.values()];
  }

  private describe(key: string): VersionState {
    const model = this.loaded.get(key);
    if (model) return { key, state: 'ready', error: null, loadedAt: model.loadedAt };
    const failure = this.failures.get(key);
    if (failure !== undefined) return { key, state: 'failed', error: failure, loadedAt: null };
    return { key, state: 'loading', error: null, loadedAt: null };
  }

  private load(served: ServedVersion): Promise<LoadedModel> {
    const key = versionKey(served.model, served.version);
    const existing = this.loaded.get(key);
    if (existing) {
      existing.batcher.updateSettings(served.settings);
      return Promise.resolve(existing);
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = LoadedModel.load(served);
      this.loading.set(key, pending);
    }
    return pending;
  }

  async apply(versions: ServedVersion[], routes: Record<string, string>, generation: number): Promise<void> {
    this.latestGeneration = generation;
    const wanted = new Set(versions.map((served) => versionKey(served.model, served.version)));
    const keys = versions.map((served) => versionKey(served.model, served.version));
    this.report(
      generation,
      [...new Set(keys)].map((key) => this.describe(key)),
    );
    await Promise.all(
      versions.map(async (served) => {
        const key = versionKey(served.model, served.version);
        try {
          const model = await this.load(served);
          this.loaded.set(key, model);
          this.failures.delete(key);
        } catch (error) {
          this.failures.set(key, `could not load ${served.file}: ${(error as Error).message}`);
        } finally {
          this.loading.delete(key);
        }
      }),
    );
    // A later set of versions arrived while these loaded: it decides the routes.
    if (generation !== this.latestGeneration) return;
    this.routes = new Map(Object.entries(routes));
    this.report(
      generation,
      [...new Set(keys)].map((key) => this.describe(key)),
    );
    const retired = [...this.loaded].filter(([key]) => !wanted.has(key));
    for (const [key] of retired) this.loaded.delete(key);
    for (const key of [...this.failures.keys()]) if (!wanted.has(key)) this.failures.delete(key);
    await Promise.all(retired.map(([, model]) => model.retire()));
  }

  async releaseAll(): Promise<void> {
    const models = [...this.loaded.values()];
    this.loaded.clear();
    this.routes.clear();
    await Promise.all(models.map((model) => model.retire()));
  }
}
