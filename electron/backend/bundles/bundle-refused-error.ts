import { TriadError } from '../../../shared/contract/errors.js';

/** A bundle that cannot be trusted as written; the message says why, and nothing was written. */
export class BundleRefusedError extends TriadError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_input', `${file} was refused: ${reason}`);
  }
}
