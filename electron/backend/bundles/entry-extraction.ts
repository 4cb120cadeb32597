import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TriadError } from '../../../shared/contract/errors.js';

/** The file system refused a write: the bundle is not at fault. */
export class ExtractionWriteError extends TriadError {
  constructor(target: string, cause: NodeJS.ErrnoException) {
    super(
      cause.code === 'EEXIST' ? 'already_exists' : 'invalid_output',
      cause.code === 'EEXIST' ? `${target} is there already` : `${target} cannot be written (${cause.message})`,
    );
  }
}

/**
 * Entries written under one folder, remembering each file and folder it made so that a refused
 * bundle's can be taken away again, leaving what was there before.
 */
export class Extraction {
  private readonly made: string[] = [];

  constructor(private readonly folder: string) {}

  async write(
    path: string,
    source: Readable,
    through: (chunks: AsyncIterable<Buffer>) => AsyncIterable<Buffer>,
  ): Promise<string> {
    const target = join(this.folder, path);
    let writeError: NodeJS.ErrnoException | null = null;
    try {
      const firstMade = mkdirSync(dirname(target), { recursive: true });
      if (firstMade) this.made.push(firstMade);
      const out = createWriteStream(target, { flags: 'wx' });
      out.once('open', () => this.made.push(target));
      out.once('error', (error) => {
        writeError = error;
      });
      await pipeline(source, through, out);
    } catch (error) {
      const cause = writeError ?? (error as NodeJS.ErrnoException);
      if (writeError || (error as NodeJS.ErrnoException).syscall) throw new ExtractionWriteError(target, cause);
      throw error;
    }
    return target;
  }

  /** Removes everything it wrote, newest first. */
  undo(): void {
    for (const made of this.made.splice(0).reverse()) rmSync(made, { recursive: true, force: true });
  }
}
