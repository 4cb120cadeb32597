/** The time and timers the pipeline scheduler goes by: the system's, or a fake one in tests. */
export interface SchedulerClock {
  now(): Date;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => new Date(),
  // Unreferenced: a schedule alone never keeps a process (a test, a CLI command) from exiting.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};
