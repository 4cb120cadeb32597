import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type RecordBatch as ArrowBatch,
  AsyncRecordBatchFileReader,
  type AsyncRecordBatchStreamReader,
  RecordBatchReader,
  type Vector,
} from 'apache-arrow';
import { TriadError } from '../../../../shared/contract/errors.js';
import type { RawValue, RecordBatch, RecordSource, RejectedRow, SourceField } from '../record-source.js';
import { checkBatchData } from './arrow-batch-check.js';
import { ByteSwapper } from './arrow-byte-swap.js';
import { registerArrowCodecs } from './arrow-codecs.js';
import { type CellReader, cellReaderFor, declaredTypeOf, unsupportedReason } from './arrow-columns.js';
import { peekSchema } from './arrow-schema-peek.js';
import { uniqueFieldNames } from './field-names.js';

const FILE_MAGIC = 'ARROW1';
/** A continuation marker and a zero length. */
const END_OF_STREAM_BYTES = 8;
const textDecoder = new TextDecoder();

type Reader = AsyncRecordBatchFileReader | AsyncRecordBatchStreamReader;

interface Column {
  field: SourceField;
  read: CellReader;
}

/**
 * Opens an Arrow IPC file (ARROW1 … ARROW1) or stream and reads its schema. apache-arrow is given the file
 * handle rather than a read stream: from a stream it buffers a whole IPC *file* in memory, while from a handle
 * it reads a file's record batches by position and a stream's messages one after another.
 */
export async function openArrowSource(path: string): Promise<RecordSource> {
  registerArrowCodecs();
  const name = basename(path);
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const isFile = await checkMarkers(handle, size, name);
    const { bigEndian, unreadableColumn } = await peekSchema(
      (position, length) => readBytes(handle, position, length),
      isFile ? 8 : 0,
    );
    if (unreadableColumn) throw new TriadError('invalid_input', `${name} cannot be imported: ${unreadableColumn}.`);
    const progress = { bytes: 0 };
    const reader = await openReader(countingReads(handle, progress), name);
    checkFieldTypes(reader, bigEndian, name);
    return new ArrowSource(handle, reader, size, progress, name, bigEndian ? new ByteSwapper() : null);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

class ArrowSource implements RecordSource {
  readonly format = 'arrow';
  readonly parts = 1;
  private readonly columns: Column[];
  private started = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly reader: Reader,
    readonly totalBytes: number,
    private readonly progress: { bytes: number },
    private readonly name: string,
    /** Set for a big-endian file, whose buffers are swapped before they are read. */
    private readonly swapper: ByteSwapper | null,
  ) {
    // apache-arrow reads an empty field name back as null.
    const names = uniqueFieldNames(reader.schema.fields.map((field) => field.name ?? ''));
    this.columns = reader.schema.fields.map((field, index) => ({
      field: { name: names[index] as string, declaredType: declaredTypeOf(field.type) },
      read: cellReaderFor(field.type),
    }));
  }

  async fields(): Promise<SourceField[]> {
    return this.columns.map((column) => ({ ...column.field }));
  }

  async *batches(batchRows: number): AsyncIterable<RecordBatch> {
    if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError('batchRows must be a positive integer');
    if (this.started) throw new Error(`${this.name} can be read only once`);
    this.started = true;
    let rowsBefore = 0;
    let bytesBefore = this.progress.bytes;
    for await (const batch of this.recordBatches()) {
      const batchBytes = this.progress.bytes - bytesBefore;
      for (let start = 0; start < batch.numRows; start += batchRows) {
        const end = Math.min(start + batchRows, batch.numRows);
        const firstRowNumber = rowsBefore + start + 1;
        yield {
          ...this.rowsOf(batch.slice(start, end), firstRowNumber),
          firstRowNumber,
          // A record batch is read whole, so progress through its slices is spread by rows.
          bytesRead: Math.min(this.totalBytes, bytesBefore + Math.round((batchBytes * end) / batch.numRows)),
        };
      }
      rowsBefore += batch.numRows;
      bytesBefore += batchBytes;
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel();
    await this.handle.close();
  }

  private async *recordBatches(): AsyncIterable<ArrowBatch> {
    const { reader } = this;
    const batches = reader instanceof AsyncRecordBatchFileReader ? fileBatches(reader) : reader[Symbol.asyncIterator]();
    const names = this.columns.map((column) => column.field.name);
    while (true) {
      let next: IteratorResult<ArrowBatch>;
      try {
        next = await batches.next();
        if (!next.done) {
          this.swapper?.swap(next.value.data);
          checkBatchData(next.value.data.children, names);
        }
      } catch (error) {
        throw new TriadError('invalid_input', `${this.name} is damaged or truncated (${messageOf(error)}).`);
      }
      if (next.done) {
        this.checkStreamEnd();
        return;
      }
      yield next.value;
    }
  }

  /**
   * apache-arrow ends a stream quietly at a message it cannot read whole; what it left unread can
   * only be the end-of-stream marker.
   */
  private checkStreamEnd(): void {
    if (this.reader instanceof AsyncRecordBatchFileReader) return;
    const unread = this.totalBytes - this.progress.bytes;
    if (unread > END_OF_STREAM_BYTES) {
      throw new TriadError(
        'invalid_input',
        `${this.name} is damaged or truncated: ${unread} bytes after its last complete message could not be read.`,
      );
    }
  }

  /** A value apache-arrow cannot decode (a timestamp past ±2^53 ms, a damaged offset) rejects its row. */
  private rowsOf(batch: ArrowBatch, firstRowNumber: number): { rows: RawValue[][]; rejected: RejectedRow[] } {
    const vectors = this.columns.map((_, index) => batch.getChildAt(index));
    const rows: RawValue[][] = [];
    const rejected: RejectedRow[] = [];
    for (let row = 0; row < batch.numRows; row++) {
      const cells: RawValue[] = new Array(this.columns.length);
      let column = 0;
      try {
        for (; column < cells.length; column++) {
          cells[column] = (this.columns[column] as Column).read(vectors[column] as Vector, row);
        }
        rows.push(cells);
      } catch (error) {
        const field = this.columns[column]?.field.name;
        rejected.push({ rowNumber: firstRowNumber + row, reason: `${field}: ${messageOf(error)}`, raw: null });
      }
    }
    return { rows, rejected };
  }
}

/**
 * Reads an IPC file's record batches by their footer entries. The file reader's own iterator would read the
 * same entry forever when the message there is not a record batch (a damaged file).
 */
async function* fileBatches(reader: AsyncRecordBatchFileReader): AsyncGenerator<ArrowBatch> {
  for (let index = 0; index < reader.numRecordBatches; index++) {
    const batch = await reader.readRecordBatch(index);
    if (!batch) throw new Error(`record batch ${index + 1} of ${reader.numRecordBatches} is missing`);
    yield batch;
  }
}

/** Whether the file is an Arrow file (rather than a stream), checking that it ends like one. */
async function checkMarkers(handle: FileHandle, size: number, name: string): Promise<boolean> {
  if (size === 0) throw new TriadError('invalid_input', `${name} is not an Arrow file (it is empty).`);
  if ((await readText(handle, 0, FILE_MAGIC.length)) !== FILE_MAGIC) return false;
  if ((await readText(handle, size - FILE_MAGIC.length, FILE_MAGIC.length)) !== FILE_MAGIC) {
    throw new TriadError(
      'invalid_input',
      `${name} is truncated or damaged: it starts like an Arrow file but does not end with the ARROW1 marker.`,
    );
  }
  return true;
}

/** Refuses a file with a column of a type that cannot be imported, before anything is read. */
function checkFieldTypes(reader: Reader, bigEndian: boolean, name: string): void {
  for (const field of reader.schema.fields) {
    const reason = unsupportedReason(field, bigEndian);
    if (reason) throw new TriadError('invalid_input', `${name} cannot be imported: ${reason}.`);
  }
}

async function openReader(handle: FileHandle, name: string): Promise<Reader> {
  let reader: Reader;
  try {
    reader = await RecordBatchReader.from(handle);
    await reader.open();
  } catch (error) {
    throw new TriadError('invalid_input', `${name} is not a readable Arrow file or stream (${messageOf(error)}).`);
  }
  if (!reader.schema)
    throw new TriadError('invalid_input', `${name} is not an Arrow file or stream (it has no schema).`);
  return reader;
}

/** apache-arrow uses only fd, stat, read and close of a FileHandle; counting read() measures progress. */
function countingReads(handle: FileHandle, progress: { bytes: number }): FileHandle {
  const counting = {
    fd: handle.fd,
    stat: () => handle.stat(),
    close: () => handle.close(),
    read: async (buffer: Uint8Array, offset: number, length: number, position: number) => {
      // A damaged length can send apache-arrow before the start or past the end, where it would retry forever.
      if (position < 0) throw new Error(`a message points to byte ${position}`);
      const result = await handle.read(buffer, offset, length, position);
      if (result.bytesRead === 0 && length > 0) throw new Error('a message runs past the end of the file');
      progress.bytes += result.bytesRead;
      return result;
    },
  };
  return counting as unknown as FileHandle;
}

async function readBytes(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  return bytes.subarray(0, bytesRead);
}

async function readText(handle: FileHandle, position: number, length: number): Promise<string> {
  return textDecoder.decode(await readBytes(handle, position, length));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
