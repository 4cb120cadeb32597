/**
 * How the join hands its matches to the readers of a view's second pass, started before it ended.
 * One shared word array: whether the matches are there, how many entity rows matched, whether the
 * training set's columns have been set to null, whether the readers are to stop (the join or a
 * reader failed), and where each slice's wanted rows' entity rows start in the matched rows. A
 * reader waits (Atomics.wait) until the matches are there and the columns are null, so no value
 * is overwritten by a null.
 */
export type MatchesControl = Int32Array;

const PUBLISHED = 0;
const MATCHED_COUNT = 1;
const NULLED = 2;
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
  Atomics.notify(control, NULLED);
}

/**
 * A reader's side, first of all: the reader of the last slice sets the columns to null (their
 * fresh memory is touched here, while the join runs on another thread), then steps past the rows
 * before its slice; the others have nothing to do before the matches come. One reader at work
 * beside the join, so on two cores the join keeps one to itself.
 */
export function nullColumnsIfLast(control: MatchesControl, sliceIndex: number, columns: readonly Float64Array[]): void {
  if (sliceIndex === sliceCount(control) - 1) nullColumns(control, columns);
}

/** Sets the training set's columns to null and lets the readers on to write them (once the matches are published). */
export function nullColumns(control: MatchesControl, columns: readonly Float64Array[]): void {
  for (const column of columns) column.fill(Number.NaN);
  Atomics.store(control, NULLED, 1);
  Atomics.notify(control, NULLED);
}

function waitWhile(control: MatchesControl, index: number, busy: (value: number) => boolean): void {
  for (let value = Atomics.load(control, index); busy(value); value = Atomics.load(control, index)) {
    if (Atomics.load(control, STOPPED)) throw new ReadersStopped();
    Atomics.wait(control, index, value);
  }
  if (Atomics.load(control, STOPPED)) throw new ReadersStopped();
}

/** A reader's side: waits for the matches and the nulls; throws ReadersStopped if told to stop. */
export function awaitMatches(control: MatchesControl): void {
  waitWhile(control, PUBLISHED, (published) => published === 0);
  waitWhile(control, NULLED, (nulled) => nulled === 0);
}

export function matchedCount(control: MatchesControl): number {
  return control[MATCHED_COUNT] as number;
}

export function firstMatched(control: MatchesControl, sliceIndex: number): number {
  return control[FIRST_MATCHED + sliceIndex] as number;
}
