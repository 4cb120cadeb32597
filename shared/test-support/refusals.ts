import { TriadError } from '../contract/errors.js';

/** The TriadError an action throws; fails the test if it throws nothing or something else. */
export function thrownTriadError(action: () => unknown): TriadError {
  try {
    action();
  } catch (error) {
    if (error instanceof TriadError) return error;
    throw error;
  }
  throw new Error('expected a TriadError, but nothing was thrown');
}

/** The TriadError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejectedTriadError(promise: Promise<unknown>): Promise<TriadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TriadError) return error;
    throw error;
  }
  throw new Error('expected a TriadError, but the promise resolved');
}
