import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { formatBytes } from '../../../../shared/format.js';

/** How a file is read: bytes at a time, into one reused buffer, and the longest record that buffer may grow to. */
export interface ReadSizes {
  readBytes: number;
  maxRecordBytes: number;
}

/** The file's bytes are scanned where they were read, never made into strings whole; a longer record means a quote left open. */
export const READ_SIZES: ReadSizes = { readBytes: 1 << 20, maxRecordBytes: 64 << 20 };
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

export class CsvFormatError extends Error {}

/** Puts the next bytes of the file, as UTF-8, into `target` from `offset`; returns how many (0 at the end). */
type ReadInto = (target: Buffer, offset: number) => Promise<number>;

interface Utf8Input {
  readInto: ReadInto;
  /** Bytes of the file itself read so far (its encoding may be other than UTF-8). */
  fileBytesRead(): number;
  /** Whether the bytes still need checking as UTF-8: true for a file read as it is, false for text this side transcoded. */
  unchecked: boolean;
  close(): Promise<void>;
}

function decoderFor(encoding: string, file: string): TextDecoder {
  const label = encoding.toLowerCase() === 'latin1' ? 'windows-1252' : encoding;
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new CsvFormatError(
      `${basename(file)}: unknown encoding "${encoding}" (use utf-8, utf-16le, utf-16be or latin1)`,
    );
  }
}

function notEncodedAs(file: string, encoding: string, nearByte: number): CsvFormatError {
  return new CsvFormatError(
    `${basename(file)} is not valid ${encoding} text (near byte ${nearByte}); if it is Latin-1 or Windows-1252, import it with encoding latin1`,
  );
}

/**
 * Where the first byte that is not UTF-8 lies in `bytes` (known to hold one): the first replacement
 * character decoding gives that the bytes do not spell out themselves.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) {
    const at = Buffer.byteLength(text.slice(0, index));
    if (bytes[at] !== 0xef || bytes[at + 1] !== 0xbf || bytes[at + 2] !== 0xbd) return at;
  }
  return 0;
}

async function fileAsIs(path: string): Promise<Utf8Input> {
  const handle: FileHandle = await open(path, 'r');
  let read = 0;
  return {
    async readInto(target, offset) {
      const { bytesRead } = await handle.read(target, offset, target.length - offset, null);
      read += bytesRead;
      return bytesRead;
    },
    fileBytesRead: () => read,
    unchecked: true,
    close: () => handle.close(),
  };
}

/** A file in another encoding, decoded as it streams and encoded again as UTF-8. */
function fileTranscoded(path: string, decoder: TextDecoder, encoding: string): Utf8Input {
  const stream = createReadStream(path, { highWaterMark: READ_SIZES.readBytes });
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let read = 0;
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  const nextPiece = async (): Promise<Buffer | null> => {
    if (ended) return null;
    const next = await chunks.next();
    try {
      if (next.done) {
        ended = true;
        return Buffer.from(decoder.decode());
      }
      read += next.value.length;
      return Buffer.from(decoder.decode(next.value, { stream: true }));
    } catch (error) {
      if (error instanceof TypeError) throw notEncodedAs(path, encoding, read);
      throw error;
    }
  };
  return {
    async readInto(target, offset) {
      while (pending.length === 0) {
        const piece = await nextPiece();
        if (piece === null) return 0;
        pending = piece;
      }
      const copied = pending.copy(target, offset);
      pending = pending.subarray(copied);
      return copied;
    },
    fileBytesRead: () => read,
    unchecked: false,
    close: async () => {
      stream.destroy();
    },
  };
}

/** The bytes of the file in view: what is left of the last read (an unfinished record) and what came after. */
export interface ByteView {
  bytes: Buffer;
  /** No more bytes will come: the view holds the rest of the file. */
  final: boolean;
  /** Where the view starts in the file's UTF-8 text. */
  offset: number;
}

/**
 * The file's bytes as UTF-8, in views of about the read size. Whoever scans a view says how much of it
 * it used (whole records); the rest starts the next view. A byte order mark at the start is skipped.
 * Bytes read as they are (a UTF-8 file) are checked as UTF-8 once used, so that what was used is text.
 */
export class CsvBytes {
  private buffer: Buffer;
  private length = 0;
  private offset = 0;
  private ended = false;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly input: Utf8Input,
    private readonly path: string,
    private readonly encoding: string,
    private readonly sizes: ReadSizes,
  ) {
    this.buffer = Buffer.allocUnsafe(sizes.readBytes);
  }

  static async open(path: string, encoding: string, sizes = READ_SIZES): Promise<CsvBytes> {
    const decoder = decoderFor(encoding, path);
    const input = decoder.encoding === 'utf-8' ? await fileAsIs(path) : fileTranscoded(path, decoder, decoder.encoding);
    return new CsvBytes(input, path, encoding, sizes);
  }

  get fileBytesRead(): number {
    return this.input.fileBytesRead();
  }

  /** The next view, null once the file is done; `used` says how much of the last view was scanned. */
  async next(used: number): Promise<ByteView | null> {
    if (this.ended) return null;
    if (used > 0) this.keepFrom(used);
    if (this.length === this.buffer.length) this.grow();
    const read = await this.input.readInto(this.buffer, this.length);
    this.length += read;
    if (read === 0) this.ended = true;
    // Until something is used, the view starts at the file's start, where alone a byte order mark is skipped.
    if (this.offset === 0 && this.length >= 3 && BYTE_ORDER_MARK.every((byte, index) => this.buffer[index] === byte))
      this.keepFrom(3);
    return { bytes: this.buffer.subarray(0, this.length), final: this.ended, offset: this.offset };
  }

  /** Throws unless `bytes` (used from a view at `offset`) are UTF-8. */
  check(bytes: Buffer, offset: number): void {
    if (this.input.unchecked && !isUtf8(bytes))
      throw notEncodedAs(this.path, this.encoding, offset + firstInvalidUtf8(bytes));
  }

  /** Closes the file; again is a no-op. */
  close(): Promise<void> {
    this.closing ??= this.input.close();
    return this.closing;
  }

  private keepFrom(used: number): void {
    this.buffer.copyWithin(0, used, this.length);
    this.length -= used;
    this.offset += used;
  }

  /** A record longer than the buffer: the buffer doubles, up to a limit that catches a quote left open. */
  private grow(): void {
    const limit = this.sizes.maxRecordBytes;
    if (this.buffer.length >= limit)
      throw new CsvFormatError(
        `${basename(this.path)}: a record runs on for more than ${formatBytes(limit)}; is a quote left open?`,
      );
    const grown = Buffer.allocUnsafe(Math.min(limit, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
