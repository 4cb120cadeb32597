import type { JobProgress } from './contract/jobs.js';
import { formatBytes } from './format.js';

const amount = (value: number, unit: string) => (unit === 'bytes' ? formatBytes(value) : value.toLocaleString('en-US'));
const withUnit = (text: string, unit: string) => (unit === 'bytes' ? text : `${text} ${unit}`);

const COUNT_WORDS: Record<string, string> = {
  rowsRead: 'rows read',
  rowsImported: 'rows imported',
  rowsQuarantined: 'quarantined',
};

/** A job's progress in one line: the stage, how far, how fast, how long still, and its other counts. */
export function describeJobProgress(progress: JobProgress): string {
  const parts = [progress.stage];
  const done = amount(progress.done, progress.unit);
  if (progress.total !== null)
    parts.push(withUnit(`${done} of ${amount(progress.total, progress.unit)}`, progress.unit));
  else if (progress.done > 0) parts.push(withUnit(done, progress.unit));
  if (progress.ratePerSecond !== null)
    parts.push(`${withUnit(amount(Math.round(progress.ratePerSecond), progress.unit), progress.unit)}/s`);
  if (progress.etaSeconds !== null)
    parts.push(
      progress.etaSeconds < 60
        ? `${Math.ceil(progress.etaSeconds)} s left`
        : `${Math.ceil(progress.etaSeconds / 60)} min left`,
    );
  for (const [name, count] of Object.entries(progress.counts)) {
    const words = COUNT_WORDS[name];
    if (words) parts.push(`${count.toLocaleString('en-US')} ${words}`);
  }
  return parts.join(' · ');
}

/** How much is done, 0 to 1; null while the amount of work is unknown. */
export function jobProgressFraction(progress: JobProgress | null): number | null {
  if (!progress?.total) return null;
  return Math.min(1, progress.done / progress.total);
}
