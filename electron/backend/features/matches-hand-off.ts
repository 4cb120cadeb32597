/**
 * How the join hands its matches to the readers of a view's second pass, started before it ended.
 * One shared word array: whether the matches are there, how many entity rows matched, how many
 * readers have set their part of the training set's columns to null, whether the readers are to
 * stop (the join or a reader failed), and where each slice's wanted rows' entity rows start in
 * the matched rows. A reader waits (Atomics.wait) until the matches are there and every part of
 * the columns is null, so no reader's value is overwritten by another's nulls.
 */
export type MatchesControl = Int32Array;

const PUBLISHED = 0;
const MATCHED_COUNT = 1;
const NULLED_PARTS = 2;
const STOPPED = 3;
const FIRST_MATCHED = 4;

/** The readers were told to stop before the matches came. */
export class ReadersStopped extends Error {}

export function newMatchesControl(slices: number): MatchesControl {
  return new Int32Array(new SharedArrayBuffer((FIRST_MATCHED + slices) * Int32Array.BYTES_PER_ELEMENT));
}

const sliceCount = (control: MatchesControl) => control.length - FIRST_MATCHED;

/** The join's side: the matched rows are written; `firstMatched[slice]` is where each slice's start. */
export function publishMatches(control: MatchesControl, matchedCount: number, firstMatched: readonly number[]): void {
  control[MATCHED_COUNT] = matchedCount;
  firstMatched.forEach((first, slice) => {
    control[FIRST_MATCHED + slice] = first;
  });
  Atomics.store(control, PUBLISHED, 1);
  Atomics.notify(control, PUBLISHED);
}

/** The join's side: the readers waiting stop (and any that has not started will not wait). */
export function stopReaders(control: MatchesControl): void {
  Atomics.store(control, STOPPED, 1);
  Atomics.notify(control, PUBLISHED);
  Atomics.notify(control, NULLED_PARTS);
}

/**
 * A reader's side, first of all: sets its part of the columns (entity rows cut in as many parts as
 * there are slices) to null. Fresh memory is touched here, while the join runs on another thread.
 */
export function nullPart(control: MatchesControl, sliceIndex: number, columns: readonly Float64Array[]): void {
  const rows = columns[0]?.length ?? 0;
  const size = Math.ceil(rows / sliceCount(control));
  const from = Math.min(rows, sliceIndex * size);
  const to = Math.min(rows, from + size);
  for (const column of columns) column.fill(Number.NaN, from, to);
  Atomics.add(control, NULLED_PARTS, 1);
  Atomics.notify(control, NULLED_PARTS);
}

function waitWhile(control: MatchesControl, index: number, busy: (value: number) => boolean): void {
  for (let value = Atomics.load(control, index); busy(value); value = Atomics.load(control, index)) {
    if (Atomics.load(control, STOPPED)) throw new ReadersStopped();
    Atomics.wait(control, index, value);
  }
  if (Atomics.load(control, STOPPED)) throw new ReadersStopped();
}

/** A reader's side: waits for the matches and every reader's nulls; throws ReadersStopped if told to stop. */
export function awaitMatches(control: MatchesControl): void {
  waitWhile(control, PUBLISHED, (published) => published === 0);
  waitWhile(control, NULLED_PARTS, (nulled) => nulled < sliceCount(control));
}

export function matchedCount(control: MatchesControl): number {
  return control[MATCHED_COUNT] as number;
}

export function firstMatched(control: MatchesControl, sliceIndex: number): number {
  return control[FIRST_MATCHED + sliceIndex] as number;
}
