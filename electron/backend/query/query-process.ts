import { errorBody } from '../error-body.js';
import type { BatchReply, QueryMessage, QueryRequest } from './query-messages.js';
import { displayQueryValue } from './query-value.js';
import { openReadOnlyQuery, type QueryColumn, sqlError } from './read-only-query.js';

/** A batch ends at this many rows or this many characters, whichever comes first. */
const BATCH_ROWS = 5000;
const BATCH_CHARACTERS = 1 << 20;

function send(message: QueryMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
}

let replied: ((reply: BatchReply) => void) | null = null;

/** Sends one batch; resolves with whether the parent wants more once it has written the batch out. */
function deliver(lines: string): Promise<boolean> {
  const reply = new Promise<BatchReply>((resolve) => {
    replied = resolve;
  });
  return send({ kind: 'rows', lines }).then(
    async () => (await reply).more,
    () => false,
  );
}

/**
 * Batches rows for the parent. While the parent writes one batch out, the next is read: memory
 * holds two batches at most. Once the parent wants no more rows, none are sent.
 */
class RowBatches {
  wanted = true;
  private lines = '';
  private rows = 0;
  private inFlight: Promise<boolean> | null = null;

  constructor(
    private readonly columns: readonly QueryColumn[],
    private readonly maxBlobBytes: number | undefined,
  ) {}

  /** Adds a row; true when the batch is full and should be flushed. */
  add(row: unknown[]): boolean {
    const values = row.map((value, index) =>
      displayQueryValue(value, this.columns[index] as QueryColumn, this.maxBlobBytes),
    );
    this.lines += `${this.rows === 0 ? '' : '\n'}${JSON.stringify(values)}`;
    this.rows += 1;
    return this.rows >= BATCH_ROWS || this.lines.length >= BATCH_CHARACTERS;
  }

  async flush(): Promise<void> {
    if (this.inFlight && !(await this.inFlight)) this.wanted = false;
    this.inFlight = this.wanted && this.rows > 0 ? deliver(this.lines) : null;
    this.lines = '';
    this.rows = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }
}

/** Runs one read-only query sent by the parent, streams its rows back, and exits. */
async function answer(request: QueryRequest): Promise<void> {
  let query: ReturnType<typeof openReadOnlyQuery> | null = null;
  try {
    query = openReadOnlyQuery(request.dbFile, request.sql);
    await send({ kind: 'columns', columns: query.columns });
    const batches = new RowBatches(query.columns, request.maxBlobBytes);
    let rowCount = 0;
    let truncated = false;
    let stoppedEarly = false;
    try {
      for (const row of query.rows) {
        if (rowCount === request.limit) {
          truncated = true;
          break;
        }
        rowCount += 1;
        if (batches.add(row)) {
          await batches.flush();
          // Counting the rest would mean running the whole query for a number: stop reading instead.
          if (!batches.wanted) {
            stoppedEarly = true;
            break;
          }
        }
      }
    } catch (error) {
      throw sqlError(error);
    }
    await batches.close();
    await send({ kind: 'end', rowCount, truncated, stoppedEarly });
  } catch (error) {
    await send({ kind: 'error', error: errorBody(error) });
  } finally {
    query?.close();
  }
}

process.on('message', (message: QueryRequest | BatchReply) => {
  if ('sql' in message) {
    answer(message).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  } else {
    replied?.(message);
    replied = null;
  }
});
// The parent stopped waiting (it timed out, failed to write, or was interrupted): stop too.
process.on('disconnect', () => process.exit(0));
