import { TriadError } from '../../../shared/contract/errors.js';

/** A refusal the model server answers with this status and `{"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Runs `read`, answering what it refuses as bad input (the codec's TriadErrors) with a 400. */
export function refusingBadInput<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TriadError) throw new HttpError(400, error.message);
    throw error;
  }
}
