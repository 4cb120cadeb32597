import { closeSync, openSync, writeSync } from 'node:fs';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier, type SqliteStorage } from '../db/column-types.js';
import type { BatchColumn } from './coerce-batch.js';
import { isPackedText, type PackedText } from './packed-text.js';
import type { StoredValue } from './value-coercion.js';

export interface LoadColumn {
  name: string;
  storage: SqliteStorage;
}

const DEFAULT_PAGE_SIZE = 65_536;
const LEAF_TABLE_PAGE = 0x0d;
const INTERIOR_TABLE_PAGE = 0x05;
const LEAF_HEADER = 8;
const INTERIOR_HEADER = 12;
const FILE_HEADER = 100;
const SQLITE_VERSION_NUMBER = 3_053_002;

const SERIAL_NULL = 0;
const SERIAL_FLOAT = 7;
const SERIAL_ZERO = 8;
const SERIAL_ONE = 9;
const SERIAL_LENGTHS = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];
const TWO_TO_63 = 2 ** 63;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Writes one table's rows as a SQLite database file, page by page, without SQLite: records in
 * SQLite's record format on table B-tree pages (sqlite.org/fileformat.html). Attached to a
 * project's connection, `INSERT INTO t SELECT * FROM load.t` then copies the records as they are
 * (SQLite's transfer optimization), which costs far less than binding every value through
 * better-sqlite3. Each value is written as SQLite itself would store it in a column of that
 * declared type; a batch holding a value SQLite would convert (a number for a TEXT column, text for
 * a number column) is refused by `add`, and the caller inserts that batch through SQL instead.
 */
export class TableLoadFile {
  readonly tableSql: string;
  private readonly fd: number;
  private readonly pageSize: number;
  /** The largest payload a table leaf cell holds on its page; more goes to overflow pages. */
  private readonly maxLocal: number;
  private readonly minLocal: number;
  /**
   * Leaves being filled, one page after another: the one cells go to now (`slot`) and, before it,
   * those filled since the last write to the file, whose page numbers are in `slotPages`. A batch's
   * records are written once all its cells are placed, column by column, then its full leaves go
   * to the file together.
   */
  private pages: Buffer;
  private slot = 0;
  private readonly slotPages: number[] = [];
  private readonly encoder: RecordEncoder;
  /** Where each row of the batch being added starts its record in `pages` (-1: written already). */
  private recordStarts = new Int32Array(0);
  /** Leaves written so far: their page numbers and last rowids, for the interior pages. */
  private readonly leaves: ChildPage[] = [];
  private nextPage = 2;
  private cells = 0;
  private contentStart: number;
  private rowid = 0;
  private closed = false;

  constructor(
    readonly path: string,
    readonly table: string,
    private readonly columns: readonly LoadColumn[],
    /** A power of two from 512 to 65,536 (smaller pages let tests reach deep trees with few rows). */
    pageSize = DEFAULT_PAGE_SIZE,
  ) {
    this.pageSize = pageSize;
    this.maxLocal = pageSize - 35;
    this.minLocal = Math.floor(((pageSize - 12) * 32) / 255) - 23;
    this.pages = Buffer.alloc(pageSize * 4);
    this.contentStart = pageSize;
    this.encoder = new RecordEncoder(columns.map((column) => column.storage));
    this.tableSql = createTableSql(table, columns);
    if (!schemaFits(table, this.tableSql, pageSize))
      throw new TriadError('internal', `the schema of ${table} does not fit on a load file's first page`);
    this.fd = openSync(path, 'w');
  }

  /**
   * Whether a table's schema fits on a load file's first page, beside the file header: SQLite
   * takes a longer schema (thousands of long column names), which then goes in through SQL.
   */
  static holds(table: string, columns: readonly LoadColumn[], pageSize = DEFAULT_PAGE_SIZE): boolean {
    return schemaFits(table, createTableSql(table, columns), pageSize);
  }

  get rowCount(): number {
    return this.rowid;
  }

  /**
   * Appends `rowCount` rows given column by column; false, with nothing written, when a value
   * would not be stored as given (SQLite would convert it) or a text is not well-formed UTF-16.
   */
  add(columns: readonly BatchColumn[], rowCount: number): boolean {
    if (columns.length !== this.columns.length) return false;
    const storedAsGiven = columns.every((column, index) =>
      columnStoredAsGiven(column, rowCount, this.columns[index]?.storage),
    );
    if (!storedAsGiven) return false;
    const encoder = this.encoder;
    encoder.prepare(columns, rowCount);
    if (this.recordStarts.length < rowCount) this.recordStarts = new Int32Array(rowCount);
    const starts = this.recordStarts;
    for (let row = 0; row < rowCount; row += 1) {
      const payload = encoder.payloads[row] as number;
      const rowid = this.rowid + 1;
      if (payload > this.maxLocal) {
        this.addOverflowingRow(row, payload, rowid);
        starts[row] = -1;
        continue;
      }
      const cellLength = varintLength(payload) + varintLength(rowid) + payload;
      const at = this.placeCell(cellLength, rowid);
      starts[row] = writeVarint(this.pages, writeVarint(this.pages, at, payload), rowid);
    }
    encoder.writeRecords(this.pages, starts, 0, rowCount);
    this.writeFullLeaves();
    return true;
  }

  /** Writes the interior pages and the schema, and closes the file: it is then a database. */
  finish(): void {
    if (this.cells > 0 || this.leaves.length === 0) this.endLeaf();
    this.writeFullLeaves();
    let level = this.leaves;
    while (level.length > 1) level = this.writeInteriorLevel(level);
    this.writePageOne((level[0] as ChildPage).page);
    this.close();
  }

  /** Closes the file without finishing it (the caller deletes it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** A row too large for one page: its first bytes in the cell, the rest on a chain of overflow pages. */
  private addOverflowingRow(row: number, payload: number, rowid: number): void {
    const record = Buffer.alloc(payload);
    this.recordStarts[row] = 0;
    this.encoder.writeRecords(record, this.recordStarts, row, row + 1);
    const overflowContent = this.pageSize - 4;
    const spread = this.minLocal + ((payload - this.minLocal) % overflowContent);
    const local = spread <= this.maxLocal ? spread : this.minLocal;
    const overflowPages = Math.ceil((payload - local) / overflowContent);
    const cellLength = varintLength(payload) + varintLength(rowid) + local + 4;
    let at = this.placeCell(cellLength, rowid);
    const firstOverflow = this.nextPage;
    this.nextPage += overflowPages;
    const overflow = Buffer.alloc(this.pageSize);
    for (let page = 0, from = local; page < overflowPages; page += 1, from += overflowContent) {
      overflow.fill(0);
      overflow.writeUInt32BE(page + 1 < overflowPages ? firstOverflow + page + 1 : 0, 0);
      record.copy(overflow, 4, from, Math.min(payload, from + overflowContent));
      this.writePage(firstOverflow + page, overflow);
    }
    at = writeVarint(this.pages, at, payload);
    at = writeVarint(this.pages, at, rowid);
    record.copy(this.pages, at, 0, local);
    this.pages.writeUInt32BE(firstOverflow, at + local);
  }

  /**
   * Claims room for a cell at the end of the leaf's content area and points to it (a new leaf when
   * the cell and its pointer do not fit); returns the cell's offset in `pages`.
   */
  private placeCell(cellLength: number, rowid: number): number {
    if (this.contentStart - (LEAF_HEADER + 2 * this.cells) < cellLength + 2) this.endLeaf();
    const base = this.slot * this.pageSize;
    this.contentStart -= cellLength;
    const pointer = base + LEAF_HEADER + 2 * this.cells;
    this.pages[pointer] = this.contentStart >>> 8;
    this.pages[pointer + 1] = this.contentStart & 0xff;
    this.cells += 1;
    this.rowid = rowid;
    return base + this.contentStart;
  }

  /** Completes the leaf being filled (its records may still be written) and starts the next one. */
  private endLeaf(): void {
    const base = this.slot * this.pageSize;
    const page = this.pages;
    page[base] = LEAF_TABLE_PAGE;
    page.writeUInt16BE(0, base + 1);
    page.writeUInt16BE(this.cells, base + 3);
    page.writeUInt16BE(this.contentStart % 65_536, base + 5);
    page[base + 7] = 0;
    page.fill(0, base + LEAF_HEADER + 2 * this.cells, base + this.contentStart);
    const number = this.nextPage;
    this.nextPage += 1;
    this.slotPages.push(number);
    this.leaves.push({ page: number, lastRowid: this.rowid });
    this.cells = 0;
    this.contentStart = this.pageSize;
    this.slot += 1;
    if ((this.slot + 1) * this.pageSize > this.pages.length) {
      const grown = Buffer.alloc(this.pages.length * 2);
      this.pages.copy(grown, 0, 0, this.slot * this.pageSize);
      this.pages = grown;
    }
  }

  /** Writes the completed leaves to the file; the leaf being filled moves to the first slot. */
  private writeFullLeaves(): void {
    const size = this.pageSize;
    for (let first = 0; first < this.slot; ) {
      // Consecutive page numbers go in one write (overflow pages take numbers between leaves).
      let end = first + 1;
      while (end < this.slot && this.slotPages[end] === (this.slotPages[end - 1] as number) + 1) end += 1;
      writeSync(
        this.fd,
        this.pages,
        first * size,
        (end - first) * size,
        ((this.slotPages[first] as number) - 1) * size,
      );
      first = end;
    }
    if (this.slot > 0) this.pages.copy(this.pages, 0, this.slot * size, (this.slot + 1) * size);
    this.slot = 0;
    this.slotPages.length = 0;
  }

  /** One level of interior pages over `children`, shared evenly between them; returns the level. */
  private writeInteriorLevel(children: readonly ChildPage[]): ChildPage[] {
    const pages = Math.ceil(children.length / childrenPerInteriorPage(this.pageSize));
    const level: ChildPage[] = [];
    const page = Buffer.alloc(this.pageSize);
    for (let index = 0; index < pages; index += 1) {
      const first = Math.floor((index * children.length) / pages);
      const end = Math.floor(((index + 1) * children.length) / pages);
      page.fill(0);
      let contentStart = this.pageSize;
      // Every child but the last has a cell keyed by its last rowid; the last is the right-most pointer.
      for (let child = first; child < end - 1; child += 1) {
        const { page: childPage, lastRowid } = children[child] as ChildPage;
        contentStart -= 4 + varintLength(lastRowid);
        page.writeUInt32BE(childPage, contentStart);
        writeVarint(page, contentStart + 4, lastRowid);
        page.writeUInt16BE(contentStart, INTERIOR_HEADER + 2 * (child - first));
      }
      const last = children[end - 1] as ChildPage;
      page[0] = INTERIOR_TABLE_PAGE;
      page.writeUInt16BE(end - 1 - first, 3);
      page.writeUInt16BE(contentStart % 65_536, 5);
      page.writeUInt32BE(last.page, 8);
      const number = this.nextPage;
      this.nextPage += 1;
      this.writePage(number, page);
      level.push({ page: number, lastRowid: last.lastRowid });
    }
    return level;
  }

  /** Page 1: the file header and the schema table, whose one row names the table and its root page. */
  private writePageOne(rootPage: number): void {
    const page = Buffer.alloc(this.pageSize);
    page.write('SQLite format 3\0', 0, 'latin1');
    page.writeUInt16BE(this.pageSize === 65_536 ? 1 : this.pageSize, 16); // 1 stands for 65,536
    page[18] = 1; // rollback journal: the file is only read once written
    page[19] = 1;
    page[21] = 64;
    page[22] = 32;
    page[23] = 32;
    page.writeUInt32BE(1, 24); // change counter
    page.writeUInt32BE(this.nextPage - 1, 28); // pages in the file
    page.writeUInt32BE(1, 40); // schema cookie
    page.writeUInt32BE(4, 44); // schema format
    page.writeUInt32BE(1, 56); // UTF-8
    page.writeUInt32BE(1, 92); // the page count above is valid for change 1
    page.writeUInt32BE(SQLITE_VERSION_NUMBER, 96);
    const { schema, payload, cellLength } = schemaCell(this.table, this.tableSql, rootPage);
    const contentStart = this.pageSize - cellLength;
    page[FILE_HEADER] = LEAF_TABLE_PAGE;
    page.writeUInt16BE(1, FILE_HEADER + 3);
    page.writeUInt16BE(contentStart, FILE_HEADER + 5);
    page.writeUInt16BE(contentStart, FILE_HEADER + LEAF_HEADER);
    let at = writeVarint(page, contentStart, payload);
    at = writeVarint(page, at, 1);
    schema.writeRecords(page, Int32Array.of(at), 0, 1);
    this.writePage(1, page);
  }

  private writePage(number: number, page: Buffer): void {
    writeSync(this.fd, page, 0, this.pageSize, (number - 1) * this.pageSize);
  }
}

interface ChildPage {
  page: number;
  lastRowid: number;
}

function createTableSql(table: string, columns: readonly LoadColumn[]): string {
  const definitions = columns.map((column) => `${quoteIdentifier(column.name)} ${column.storage}`);
  return `CREATE TABLE ${quoteIdentifier(table)} (${definitions.join(', ')})`;
}

/** The schema table's one row, naming the table and its root page, as a cell of page 1. */
function schemaCell(table: string, tableSql: string, rootPage: number) {
  const schema = new RecordEncoder(['TEXT', 'TEXT', 'TEXT', 'INTEGER', 'TEXT']);
  schema.prepare([['table'], [table], [table], [rootPage], [tableSql]], 1);
  const payload = schema.payloads[0] as number;
  return { schema, payload, cellLength: varintLength(payload) + 1 + payload };
}

function schemaFits(table: string, tableSql: string, pageSize: number): boolean {
  // The largest root page a load file can have takes the most bytes.
  const { cellLength } = schemaCell(table, tableSql, 2 ** 31 - 1);
  return FILE_HEADER + LEAF_HEADER + 2 + cellLength <= pageSize;
}

/** Children an interior page holds at most: each cell is a 4-byte page number, a rowid of up to 9 bytes and a 2-byte pointer; the last child needs no cell. */
function childrenPerInteriorPage(pageSize: number): number {
  return Math.floor((pageSize - INTERIOR_HEADER) / (4 + 9 + 2)) + 1;
}

const NUMBERS = 0;
const TEXT = 1;
const PLAIN = 2;

/**
 * Encodes a batch's rows as SQLite records: `prepare` works out every value's serial type and
 * each row's payload length, column by column; `writeRecords` then writes the records where the
 * caller placed them, again column by column (each loop sees one kind of column).
 */
class RecordEncoder {
  private readonly width: number;
  private serials: Int32Array[] = [];
  private lengths: Int32Array[] = [];
  /** Each row's record length, and the length of its header (the part before the values). */
  payloads = new Int32Array(0);
  private headerLengths = new Int32Array(0);
  /** Where the next byte of each row's record goes, while records are written. */
  private positions = new Int32Array(0);
  private kinds = new Uint8Array(0);
  private columns: readonly BatchColumn[] = [];

  constructor(private readonly storages: readonly SqliteStorage[]) {
    this.width = storages.length;
  }

  prepare(columns: readonly BatchColumn[], rowCount: number): void {
    this.columns = columns;
    this.kinds = Uint8Array.from(columns, (column) =>
      isPackedText(column) ? TEXT : column instanceof Float64Array ? NUMBERS : PLAIN,
    );
    // Kept from batch to batch: most batches have the same number of rows.
    if (this.payloads.length < rowCount) {
      this.serials = columns.map(() => new Int32Array(rowCount));
      this.lengths = columns.map(() => new Int32Array(rowCount));
      this.payloads = new Int32Array(rowCount);
      this.headerLengths = new Int32Array(rowCount);
      this.positions = new Int32Array(rowCount);
    }
    const serialBytes = this.headerLengths;
    const bodyLengths = this.payloads;
    serialBytes.fill(0, 0, rowCount);
    bodyLengths.fill(0, 0, rowCount);
    for (let index = 0; index < this.width; index += 1) {
      const numeric = this.storages[index] === 'INTEGER' || this.storages[index] === 'REAL';
      const serials = this.serials[index] as Int32Array;
      const lengths = this.lengths[index] as Int32Array;
      const column = columns[index] as BatchColumn;
      const sizes = { serials, lengths, serialBytes, bodyLengths };
      if (isPackedText(column)) textSerials(column, rowCount, sizes);
      else if (column instanceof Float64Array) numberSerials(column, rowCount, numeric, sizes);
      else plainSerials(column as StoredValue[], rowCount, numeric, sizes);
    }
    for (let row = 0; row < rowCount; row += 1) {
      const header = headerLength(serialBytes[row] as number);
      this.headerLengths[row] = header;
      this.payloads[row] = header + (bodyLengths[row] as number);
    }
  }

  /**
   * Writes the records of rows `from` to `to` (of the batch last prepared) into `target`, each at
   * `starts[row]`, where the caller made room for its payload; a row whose start is -1 is skipped.
   */
  writeRecords(target: Buffer, starts: Int32Array, from: number, to: number): void {
    const positions = this.positions;
    for (let row = from; row < to; row += 1) {
      const start = starts[row] as number;
      positions[row] = start < 0 ? -1 : writeVarint(target, start, this.headerLengths[row] as number);
    }
    for (let index = 0; index < this.width; index += 1) {
      const serials = this.serials[index] as Int32Array;
      for (let row = from; row < to; row += 1) {
        const at = positions[row] as number;
        if (at < 0) continue;
        const serial = serials[row] as number;
        if (serial < 0x80) {
          target[at] = serial;
          positions[row] = at + 1;
        } else positions[row] = writeVarint(target, at, serial);
      }
    }
    const view = new DataView(target.buffer as ArrayBuffer, target.byteOffset, target.byteLength);
    const out: RecordsOut = { target, view, positions, from, to };
    for (let index = 0; index < this.width; index += 1) {
      const column = this.columns[index] as BatchColumn;
      const sizes = { serials: this.serials[index] as Int32Array, lengths: this.lengths[index] as Int32Array };
      const kind = this.kinds[index];
      if (kind === TEXT) writeTexts(out, column as PackedText, sizes.lengths);
      else if (kind === NUMBERS) writeNumbers(out, column as Float64Array, sizes);
      else writePlainValues(out, column as StoredValue[], sizes);
    }
  }
}

/** Where writeRecords writes values: into `target`, each row's next one at its position. */
interface RecordsOut {
  target: Buffer;
  view: DataView;
  positions: Int32Array;
  from: number;
  to: number;
}

function writeTexts({ target, positions, from, to }: RecordsOut, text: PackedText, lengths: Int32Array): void {
  const bytes = text.bytes;
  for (let row = from; row < to; row += 1) {
    const at = positions[row] as number;
    const length = lengths[row] as number;
    if (at < 0 || length === 0) continue;
    const start = text.starts[row] as number;
    if (length < 32) for (let byte = 0; byte < length; byte += 1) target[at + byte] = bytes[start + byte] as number;
    else target.set(bytes.subarray(start, start + length), at);
    positions[row] = at + length;
  }
}

function writeNumbers(out: RecordsOut, column: Float64Array, { serials, lengths }: ColumnSizes): void {
  const { target, view, positions, from, to } = out;
  for (let row = from; row < to; row += 1) {
    const at = positions[row] as number;
    const length = lengths[row] as number;
    if (at < 0 || length === 0) continue;
    const value = column[row] as number;
    if (length === 8 && serials[row] === SERIAL_FLOAT) view.setFloat64(at, value);
    else if (length === 1) view.setInt8(at, value);
    else if (length === 2) view.setInt16(at, value);
    else if (length === 4) view.setInt32(at, value);
    else writeInteger(target, at, value, length);
    positions[row] = at + length;
  }
}

function writePlainValues(out: RecordsOut, column: readonly StoredValue[], { serials, lengths }: ColumnSizes): void {
  const { target, view, positions, from, to } = out;
  for (let row = from; row < to; row += 1) {
    const at = positions[row] as number;
    const length = lengths[row] as number;
    if (at < 0 || length === 0) continue;
    const value = column[row] ?? null;
    if (typeof value === 'string') target.write(value, at, 'utf8');
    else if (value instanceof Uint8Array) target.set(value, at);
    else if (serials[row] === SERIAL_FLOAT) view.setFloat64(at, value as number);
    else writeInteger(target, at, value as number | bigint, length);
    positions[row] = at + length;
  }
}

/** The record header's length: the serial types' bytes and its own length's varint. */
function headerLength(serialBytes: number): number {
  let sizeBytes = 1;
  while (varintLength(serialBytes + sizeBytes) > sizeBytes) sizeBytes += 1;
  return serialBytes + sizeBytes;
}

/** A column's serial types and value lengths, row by row. */
interface ColumnSizes {
  serials: Int32Array;
  lengths: Int32Array;
}

/** Where a column's sizes go, and the row totals they add to: the bytes of the record header's serial types and of the values. */
interface ValueSizes extends ColumnSizes {
  serialBytes: Int32Array;
  bodyLengths: Int32Array;
}

function textSerials(text: PackedText, rowCount: number, sizes: ValueSizes): void {
  const { serials, lengths, serialBytes, bodyLengths } = sizes;
  for (let row = 0; row < rowCount; row += 1) {
    const start = text.starts[row] as number;
    const length = start < 0 ? 0 : (text.ends[row] as number) - start;
    const serial = start < 0 ? SERIAL_NULL : length * 2 + 13;
    lengths[row] = length;
    serials[row] = serial;
    serialBytes[row] = (serialBytes[row] as number) + (serial < 0x80 ? 1 : varintLength(serial));
    bodyLengths[row] = (bodyLengths[row] as number) + length;
  }
}

function numberSerials(column: Float64Array, rowCount: number, numeric: boolean, sizes: ValueSizes): void {
  const { serials, lengths, serialBytes, bodyLengths } = sizes;
  for (let row = 0; row < rowCount; row += 1) {
    const serial = numberSerial(column[row] as number, numeric);
    const length = SERIAL_LENGTHS[serial] as number;
    serials[row] = serial;
    lengths[row] = length;
    serialBytes[row] = (serialBytes[row] as number) + 1;
    bodyLengths[row] = (bodyLengths[row] as number) + length;
  }
}

function plainSerials(column: readonly StoredValue[], rowCount: number, numeric: boolean, sizes: ValueSizes): void {
  const { serials, lengths, serialBytes, bodyLengths } = sizes;
  for (let row = 0; row < rowCount; row += 1) {
    const value = column[row] ?? null;
    let serial: number;
    let length: number;
    if (typeof value === 'number') {
      serial = numberSerial(value, numeric);
      length = SERIAL_LENGTHS[serial] as number;
    } else if (value === null) {
      serial = SERIAL_NULL;
      length = 0;
    } else if (typeof value === 'bigint') {
      serial = value >= MIN_SAFE && value <= MAX_SAFE ? integerSerial(Number(value)) : 6;
      length = SERIAL_LENGTHS[serial] as number;
    } else if (typeof value === 'string') {
      length = Buffer.byteLength(value, 'utf8');
      serial = length * 2 + 13;
    } else {
      length = value.length;
      serial = length * 2 + 12;
    }
    serials[row] = serial;
    lengths[row] = length;
    serialBytes[row] = (serialBytes[row] as number) + (serial < 0x80 ? 1 : varintLength(serial));
    bodyLengths[row] = (bodyLengths[row] as number) + length;
  }
}

/**
 * A number's serial type: NaN is null; INTEGER and REAL affinity store a whole number within 64
 * bits as an integer, as SQLite does with a bound double (a REAL column reads it back as a double);
 * BLOB keeps the double.
 */
function numberSerial(value: number, numeric: boolean): number {
  if (Number.isNaN(value)) return SERIAL_NULL;
  if (numeric && Number.isInteger(value) && value > -TWO_TO_63 && value < TWO_TO_63) return integerSerial(value);
  return SERIAL_FLOAT;
}

/** Whether SQLite would store each value of the column unchanged in a column of `storage`. */
function columnStoredAsGiven(column: BatchColumn, rowCount: number, storage: SqliteStorage | undefined): boolean {
  if (storage === undefined) return false;
  if (isPackedText(column)) return storage === 'TEXT' || storage === 'BLOB' || allNull(column.starts, rowCount);
  if (column instanceof Float64Array) {
    if (storage !== 'TEXT') return true;
    for (let row = 0; row < rowCount; row += 1) if (!Number.isNaN(column[row])) return false;
    return true;
  }
  for (let row = 0; row < rowCount; row += 1) if (!valueStoredAsGiven(column[row] ?? null, storage)) return false;
  return true;
}

function allNull(starts: Int32Array, rowCount: number): boolean {
  for (let row = 0; row < rowCount; row += 1) if ((starts[row] as number) >= 0) return false;
  return true;
}

function valueStoredAsGiven(value: StoredValue, storage: SqliteStorage): boolean {
  if (value === null || value instanceof Uint8Array) return true;
  // SQL binds a lone surrogate as its three bytes (not UTF-8), which the load file does not write.
  if (typeof value === 'string') return (storage === 'TEXT' || storage === 'BLOB') && value.isWellFormed();
  if (typeof value === 'bigint') return storage === 'INTEGER' || storage === 'BLOB';
  // REAL affinity keeps a double; a NaN is bound as null.
  return storage !== 'TEXT' && !Number.isNaN(value);
}

function integerSerial(value: number): number {
  if (value === 0) return SERIAL_ZERO;
  if (value === 1) return SERIAL_ONE;
  if (value >= -128 && value <= 127) return 1;
  if (value >= -32_768 && value <= 32_767) return 2;
  if (value >= -8_388_608 && value <= 8_388_607) return 3;
  if (value >= -2_147_483_648 && value <= 2_147_483_647) return 4;
  if (value >= -140_737_488_355_328 && value <= 140_737_488_355_327) return 5;
  return 6;
}

/** Writes an integer big-endian in `length` bytes (two's complement). */
function writeInteger(target: Buffer, at: number, given: number | bigint, length: number): number {
  if (length === 8) {
    // A double of 2^53 or more is a whole number already: BigInt takes it exactly.
    target.writeBigInt64BE(BigInt(given), at);
    return at + 8;
  }
  const value = Number(given);
  if (length <= 4) {
    for (let byte = length - 1, rest = value; byte >= 0; byte -= 1, rest >>= 8) target[at + byte] = rest & 0xff;
    return at + length;
  }
  // Six bytes: the high 16 bits and the low 32, from the value's two's complement in 48 bits.
  const unsigned = value < 0 ? value + 2 ** 48 : value;
  const high = Math.floor(unsigned / 2 ** 32);
  const low = unsigned >>> 0;
  target[at] = high >>> 8;
  target[at + 1] = high & 0xff;
  target[at + 2] = low >>> 24;
  target[at + 3] = (low >>> 16) & 0xff;
  target[at + 4] = (low >>> 8) & 0xff;
  target[at + 5] = low & 0xff;
  return at + 6;
}

function varintLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  let length = 4;
  for (let rest = Math.floor(value / 0x10000000); rest > 0; rest = Math.floor(rest / 0x80)) length += 1;
  return Math.min(length, 9);
}

/** SQLite's big-endian varint of a non-negative integer below 2^53; returns where it ends. */
function writeVarint(target: Buffer, at: number, value: number): number {
  if (value < 0x80) {
    target[at] = value;
    return at + 1;
  }
  if (value < 0x4000) {
    target[at] = (value >>> 7) | 0x80;
    target[at + 1] = value & 0x7f;
    return at + 2;
  }
  if (value < 0x200000) {
    target[at] = (value >>> 14) | 0x80;
    target[at + 1] = ((value >>> 7) & 0x7f) | 0x80;
    target[at + 2] = value & 0x7f;
    return at + 3;
  }
  const length = varintLength(value);
  let rest = value;
  for (let index = length - 1; index >= 0; index -= 1) {
    target[at + index] = (rest % 0x80) | (index === length - 1 ? 0 : 0x80);
    rest = Math.floor(rest / 0x80);
  }
  return at + length;
}
