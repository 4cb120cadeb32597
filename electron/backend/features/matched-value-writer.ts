import type Database from 'better-sqlite3';
import { eachRow } from '../db/each-row.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import type { FeatureRowsQuery, RowSlice } from './feature-rows.js';
import { viewRowKey } from './join-keys.js';
import { awaitMatches, firstMatched, type MatchesControl, matchedCount, nullPart } from './matches-hand-off.js';

/** Ends a read after the slice's last wanted row (thrown from SQLite's row function). */
class SliceDone extends Error {}

/** The rows of a view a reader reads again, and where their values go: straight into the training set's columns. */
export interface WantedRows {
  /** 1 for each row of the view whose values are wanted (once published). */
  marks: Uint8Array;
  /** The timeline read first, to check each returned row is the row it stands for. */
  timelineTimes: Float64Array;
  timelineKeys: Float64Array | null;
  /** Whether SQLite reads the view as one loop over one table (decided once, for the slices and the readers). */
  oneTableScan: boolean;
  /** The view row each entity row matched (-1: none), once published. */
  matches: Int32Array;
  /** The entity rows that matched, in the order of the view rows they matched (as many as published). */
  matchedRows: Int32Array;
  control: MatchesControl;
  /** This reader's slice among the view's slices. */
  sliceIndex: number;
  /** The training set's feature columns, by entity row (the readers set them to null first): numbers go here. */
  picked: Float64Array[];
}

/** A feature's values that are not numbers (text, blobs), which the shared columns cannot hold. */
export interface PlainPicks {
  feature: number;
  entityRows: number[];
  values: StoredValue[];
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
const asNumber = (value: StoredValue | undefined) => (typeof value === 'number' ? value : Number.NaN);

/** The last marked row of the slice, or -1. */
function lastMarked(marks: Uint8Array, { offset, limit }: RowSlice): number {
  for (let row = offset + limit - 1; row >= offset; row -= 1) if (marks[row]) return row;
  return -1;
}

/**
 * Runs the slice again, letting SQLite return only the marked rows, and writes each one's values
 * to every entity row that matched it. The reader starts before the join has ended: it sets its
 * part of the columns to null, steps past the rows before its slice (they need no marks) and at
 * its slice's first row waits for the matches (matches-hand-off.ts). A function
 * called once per row, in order, says which rows: a view reading one table asks it before reading
 * a row's columns (rows before the slice answer no; the read stops after the slice's last marked
 * row); any other view runs as the slice's LIMIT and OFFSET, asked after. Returns the values that
 * are not numbers, or null when the rows are not the ones the timeline holds there (the columns
 * are then half-written: the caller drops them).
 */
export function writeMatchedValues(
  db: Database.Database,
  query: FeatureRowsQuery,
  slice: RowSlice,
  wanted: WantedRows,
): PlainPicks[] | null {
  const { marks, timelineTimes, timelineKeys, matches, matchedRows, control, picked } = wanted;
  nullPart(control, wanted.sliceIndex, picked);
  const askedFirst = wanted.oneTableScan;
  const end = slice.offset + slice.limit;
  let last = -2;
  let calls = 0;
  db.function('triad_wanted', { deterministic: false }, () => {
    const row = askedFirst ? calls : slice.offset + calls;
    calls += 1;
    if (row < slice.offset) return 0;
    if (last === -2) {
      awaitMatches(control);
      last = lastMarked(marks, slice);
    }
    if (askedFirst && row > last) throw new SliceDone();
    return row < end && marks[row] ? 1 : 0;
  });
  const keyCount = query.keyTypes.length;
  const firstFeature = keyCount + 1 + (query.hasCreated ? 1 : 0);
  const plain = new Map<number, PlainPicks>();
  let viewRow = slice.offset - 1;
  let nextMatched = -1;
  let taken = 0;
  let intact = true;
  const take = (row: StoredValue[]) => {
    taken += 1;
    if (nextMatched < 0) nextMatched = firstMatched(control, wanted.sliceIndex);
    do viewRow += 1;
    while (viewRow < end && !marks[viewRow]);
    if (
      viewRow >= end ||
      !same(asNumber(row[keyCount]), timelineTimes[viewRow] as number) ||
      (timelineKeys && !same(asNumber(viewRowKey(query.keyTypes, row)), timelineKeys[viewRow] as number))
    ) {
      intact = false;
      return;
    }
    const from = nextMatched;
    const matched = matchedCount(control);
    while (nextMatched < matched && matches[matchedRows[nextMatched] as number] === viewRow) nextMatched += 1;
    for (let feature = 0; feature < picked.length; feature += 1) {
      const value = row[firstFeature + feature] as StoredValue;
      if (typeof value === 'number' || value === null) {
        const column = picked[feature] as Float64Array;
        for (let index = from; index < nextMatched; index += 1)
          column[matchedRows[index] as number] = value ?? Number.NaN;
        continue;
      }
      const picks = plain.get(feature) ?? { feature, entityRows: [], values: [] };
      plain.set(feature, picks);
      for (let index = from; index < nextMatched; index += 1) {
        picks.entityRows.push(matchedRows[index] as number);
        picks.values.push(value);
      }
    }
  };
  let stopped = false;
  try {
    eachRow(
      db,
      askedFirst
        ? `SELECT * FROM (${query.sql}) WHERE triad_wanted()`
        : `SELECT * FROM (${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}) WHERE triad_wanted()`,
      firstFeature + query.featureCount,
      take,
    );
  } catch (error) {
    if (!(error instanceof SliceDone)) throw error;
    stopped = true;
  }
  // A slice the view had no rows for never asked for the matches.
  if (last === -2) awaitMatches(control);
  let wantedCount = 0;
  for (let row = slice.offset; row < end; row += 1) wantedCount += marks[row] as number;
  const expectedCalls = askedFirst
    ? Math.max(slice.offset, lastMarked(marks, slice) + 1) + (stopped ? 1 : 0)
    : slice.limit;
  if (!intact || calls !== expectedCalls || taken !== wantedCount) return null;
  return [...plain.values()];
}
