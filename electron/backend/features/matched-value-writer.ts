import type Database from 'better-sqlite3';
import { eachRow } from '../db/each-row.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import type { ValuesAt } from '../ingest/value-columns.js';
import { type FeatureRowsQuery, firstFeatureColumn, type RowSlice } from './feature-rows.js';
import { viewRowKey } from './join-keys.js';
import {
  awaitMatches,
  firstMatched,
  type MatchesControl,
  matchedCount,
  nullColumnsIfLast,
} from './matches-hand-off.js';

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
  /** The training set's feature columns, by entity row: numbers go here. */
  picked: Float64Array[];
  /** Whether the last slice's reader sets `picked` to null first; else the join's side does, as it publishes. */
  readerNulls: boolean;
}

/** A feature's values that are not numbers (text, blobs), which the shared columns cannot hold, at their entity rows. */
export interface PlainPicks extends ValuesAt {
  feature: number;
  rows: number[];
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
 * SQLite's row function for the slice, called once per row in order, answering whether the row is
 * wanted. Rows before the slice need no marks; at the slice's first row it waits for the matches.
 * Asked before a row is read (`askedFirst`), it ends the read after the slice's last wanted row.
 */
function askForWantedRows(db: Database.Database, slice: RowSlice, wanted: WantedRows, askedFirst: boolean) {
  const end = slice.offset + slice.limit;
  const state = { calls: 0, lastWanted: null as number | null };
  db.function('triad_wanted', { deterministic: false }, () => {
    const row = askedFirst ? state.calls : slice.offset + state.calls;
    state.calls += 1;
    if (row < slice.offset) return 0;
    if (state.lastWanted === null) {
      awaitMatches(wanted.control);
      state.lastWanted = lastMarked(wanted.marks, slice);
    }
    if (askedFirst && row > state.lastWanted) throw new SliceDone();
    return row < end && wanted.marks[row] ? 1 : 0;
  });
  return state;
}

/**
 * Takes the slice's wanted rows in order: checks each against the timeline, then writes its
 * values to every entity row that matched it (numbers to the shared columns, other values to picks).
 */
function matchedValueWriter(query: FeatureRowsQuery, slice: RowSlice, wanted: WantedRows) {
  const { marks, timelineTimes, timelineKeys, matches, matchedRows, control, picked } = wanted;
  const end = slice.offset + slice.limit;
  const keyCount = query.keyTypes.length;
  const firstFeature = firstFeatureColumn(query);
  const state = { taken: 0, intact: true, plain: new Map<number, PlainPicks>() };
  let viewRow = slice.offset - 1;
  let nextMatched = -1;
  const take = (row: StoredValue[]) => {
    state.taken += 1;
    if (nextMatched < 0) nextMatched = firstMatched(control, wanted.sliceIndex);
    do viewRow += 1;
    while (viewRow < end && !marks[viewRow]);
    if (
      viewRow >= end ||
      !same(asNumber(row[keyCount]), timelineTimes[viewRow] as number) ||
      (timelineKeys && !same(asNumber(viewRowKey(query.keyTypes, row)), timelineKeys[viewRow] as number))
    ) {
      state.intact = false;
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
      const picks = state.plain.get(feature) ?? { feature, rows: [], values: [] };
      state.plain.set(feature, picks);
      for (let index = from; index < nextMatched; index += 1) {
        picks.rows.push(matchedRows[index] as number);
        picks.values.push(value);
      }
    }
  };
  return { take, state };
}

/**
 * Runs the slice again, letting SQLite return only the marked rows, and writes each one's values
 * to every entity row that matched it. The reader starts before the join has ended: the last
 * slice's reader sets the columns to null (unless the join's side does), each steps past the rows before its slice and waits at
 * the slice's first row for the matches (matches-hand-off.ts). A view reading one table asks for each row before
 * reading its columns; any other view runs as the slice's LIMIT and OFFSET, asked after. Returns
 * the values that are not numbers, or null when the rows are not the ones the timeline holds
 * there (the columns are then half-written: the caller drops them).
 */
export function writeMatchedValues(
  db: Database.Database,
  query: FeatureRowsQuery,
  slice: RowSlice,
  wanted: WantedRows,
): PlainPicks[] | null {
  if (wanted.readerNulls) nullColumnsIfLast(wanted.control, wanted.sliceIndex, wanted.picked);
  const askedFirst = wanted.oneTableScan;
  const asked = askForWantedRows(db, slice, wanted, askedFirst);
  const { take, state } = matchedValueWriter(query, slice, wanted);
  let ended = false;
  try {
    eachRow(
      db,
      askedFirst
        ? `SELECT * FROM (${query.sql}) WHERE triad_wanted()`
        : `SELECT * FROM (${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}) WHERE triad_wanted()`,
      firstFeatureColumn(query) + query.featureCount,
      take,
    );
  } catch (error) {
    if (!(error instanceof SliceDone)) throw error;
    ended = true;
  }
  // A slice the view had no rows for never asked for the matches.
  if (asked.lastWanted === null) awaitMatches(wanted.control);
  const last = lastMarked(wanted.marks, slice);
  let wantedCount = 0;
  for (let row = slice.offset; row < slice.offset + slice.limit; row += 1) wantedCount += wanted.marks[row] as number;
  // Asked first, the function met every row up to the last wanted one (or the slice's start), and
  // the next row if the read was ended there; asked after, every row of the slice.
  const expectedCalls = askedFirst ? Math.max(slice.offset, last + 1) + (ended ? 1 : 0) : slice.limit;
  if (!state.intact || asked.calls !== expectedCalls || state.taken !== wantedCount) return null;
  return [...state.plain.values()];
}
