import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { UploadStore } from './uploads.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const HOUR = 60 * 60 * 1000;
const stores: UploadStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function storeIn(root: string, maxBytes = 1024): UploadStore {
  const store = new UploadStore(root, { maxBytes, keepMs: HOUR });
  stores.push(store);
  return store;
}

/** An incoming upload as the HTTP server hands it over: a body stream with its headers. */
function incoming(body: string, headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
}

describe('UploadStore', () => {
  it('deletes an upload nobody imported once the keep time has passed, but not one an import is reading', async () => {
    const root = temporaryFolder('uploads');
    const store = storeIn(root);
    const unused = await store.receive(incoming('a\n1\n'), 'unused.csv');
    const reading = await store.receive(incoming('a\n1\n'), 'reading.csv');
    store.claim('job-1', reading);
    store.removeExpired(Date.now() + HOUR / 2);
    expect([existsSync(unused), existsSync(reading)]).toEqual([true, true]);
    store.removeExpired(Date.now() + 2 * HOUR);
    expect([existsSync(unused), existsSync(reading)]).toEqual([false, true]);
    store.release('job-1');
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps no file for a path outside its folder, and removes left-overs of an earlier run when it starts', async () => {
    const root = temporaryFolder('uploads');
    const leftOver = join(root, 'earlier-run');
    mkdirSync(leftOver);
    writeFileSync(join(leftOver, 'old.csv'), 'a\n');
    const longAgo = new Date(Date.now() - 2 * HOUR);
    utimesSync(join(leftOver, 'old.csv'), longAgo, longAgo);
    utimesSync(leftOver, longAgo, longAgo);
    const other = temporaryFolder('elsewhere');
    writeFileSync(join(other, 'mine.csv'), 'a\n');

    const store = storeIn(root);
    expect(existsSync(leftOver)).toBe(false);
    store.claim('job-2', join(other, 'mine.csv'));
    store.release('job-2');
    expect(existsSync(join(other, 'mine.csv'))).toBe(true);
  });

  it('on closing, deletes only the uploads it received', async () => {
    const root = temporaryFolder('uploads');
    const first = storeIn(root);
    const second = storeIn(root);
    const mine = await first.receive(incoming('x'), 'mine.csv');
    const theirs = await second.receive(incoming('y'), 'theirs.csv');
    first.close();
    expect([existsSync(mine), existsSync(theirs)]).toEqual([false, true]);
  });

  it('refuses a file over the limit, and one without a name, keeping nothing', async () => {
    const root = temporaryFolder('uploads');
    const store = storeIn(root, 10);
    await expect(store.receive(incoming('0123456789A'), 'big.csv')).rejects.toThrow(
      'big.csv is larger than the 10 B upload limit (triad serve --max-upload-mb raises it)',
    );
    await expect(store.receive(incoming('x'), ' ')).rejects.toThrow('an upload needs a file name (?name=…)');
    expect(readdirSync(root)).toEqual([]);
  });
});
