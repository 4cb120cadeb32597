import type { PredictionLogSettings } from '../../../shared/contract/serving.js';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import { spawnThread, type Thread } from '../threads/spawn-thread.js';
import type { PredictionRecord } from './prediction-log-store.js';
import type { LogWriterMessage, LogWriterReply } from './prediction-log-thread.js';
import type { Rollup } from './server-metrics.js';

const FLUSH_EVERY_MS = 250;
/** Predictions handed to the writer and not yet written beyond which new ones are dropped (and counted). */
const MAX_BEHIND = 50_000;

/** Per model, a token bucket: every prediction is logged up to the rate, a sample of that many above it. */
class Sampler {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private rate: number) {}

  setRate(rate: number): void {
    this.rate = rate;
    this.buckets.clear();
  }

  take(model: string, now: number): boolean {
    if (this.rate <= 0) return false;
    let bucket = this.buckets.get(model);
    if (!bucket) {
      bucket = { tokens: this.rate, at: now };
      this.buckets.set(model, bucket);
    }
    bucket.tokens = Math.min(this.rate, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/**
 * The model server's side of the prediction log: it decides which predictions to keep, buffers
 * them, and hands them to the writer thread a few times a second, off every request's path.
 */
export class PredictionLogger {
  private readonly sampler: Sampler;
  private buffer: PredictionRecord[] = [];
  private rollups: Rollup[] = [];
  private behind = 0;
  private droppedCount = 0;
  private readonly writer: Thread<LogWriterMessage>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    file: string,
    settings: PredictionLogSettings,
    private readonly takeRollups: () => Rollup[],
    onProblem: (message: string) => void,
  ) {
    this.sampler = new Sampler(settings.sampleRatePerSecond);
    this.writer = spawnThread<LogWriterReply, LogWriterMessage>(
      compiledModuleUrl('./prediction-log-thread.js', import.meta.url),
      { name: 'the prediction log writer', workerData: { file, settings } },
      {
        message: (reply) => {
          this.behind -= reply.written;
          if (reply.problem) onProblem(reply.problem);
        },
        failed: (error) => onProblem(error.message),
      },
    );
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Whether to log this prediction; the caller then builds the record (only then paying for its JSON). */
  wants(model: string, now: number): boolean {
    if (!this.sampler.take(model, now)) return false;
    if (this.behind + this.buffer.length >= MAX_BEHIND) {
      this.droppedCount++;
      return false;
    }
    return true;
  }

  add(record: PredictionRecord): void {
    this.buffer.push(record);
  }

  updateSettings(settings: PredictionLogSettings): void {
    this.sampler.setRate(settings.sampleRatePerSecond);
    this.writer.post({ type: 'settings', settings });
  }

  flush(): void {
    this.rollups.push(...this.takeRollups());
    if (this.buffer.length === 0 && this.rollups.length === 0) return;
    const predictions = this.buffer;
    const rollups = this.rollups;
    this.buffer = [];
    this.rollups = [];
    this.behind += predictions.length;
    this.writer.post({ type: 'write', predictions, rollups });
  }

  async close(finalRollups: Rollup[]): Promise<void> {
    clearInterval(this.timer);
    this.rollups.push(...finalRollups);
    this.flush();
    this.writer.post({ type: 'close' });
    this.writer.finish();
    await this.writer.exited;
  }
}
