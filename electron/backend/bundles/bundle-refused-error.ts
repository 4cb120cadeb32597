import { basename } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';

/**
 * A bundle that cannot be trusted as written; the message says why, and nothing was written. It
 * names the bundle by its file name: in web mode the path is that of the server's upload copy.
 */
export class BundleRefusedError extends TriadError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_input', `${basename(file)} was refused: ${reason}`);
  }
}
