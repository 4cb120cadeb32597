import type { SchedulerClock } from '../jobs/scheduler-clock.js';

/** A clock that moves only when a test moves it, running each timer due on the way at its time. */
export class FakeClock implements SchedulerClock {
  private current: number;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  constructor(start: string) {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + ms, callback });
    return id;
  }

  clearTimeout(timer: unknown): void {
    this.timers.delete(timer as number);
  }

  /** Moves to `time` (ISO 8601), firing the timers due up to it in order, each at its own time. */
  advanceTo(time: string): void {
    const target = Date.parse(time);
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.timers.delete(id);
      this.current = Math.max(this.current, timer.at);
      timer.callback();
    }
    this.current = target;
  }

  advanceBy(ms: number): void {
    this.advanceTo(new Date(this.current + ms).toISOString());
  }
}
