export const ERROR_CODES = [
  'unknown_method',
  'invalid_input',
  'invalid_output',
  'not_found',
  'not_a_project',
  'newer_schema',
  'already_exists',
  'unavailable',
  'cancelled',
  /** A job whose process stopped while it ran. */
  'interrupted',
  /** A job that ended with an error of its own; the message says which. */
  'job_failed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** An error whose message is meant for the user, carried unchanged across every transport. */
export class TriadError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TriadError';
    this.code = code;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }

  static fromBody(body: ErrorBody): TriadError {
    return new TriadError(body.code, body.message);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(candidate.code);
}
