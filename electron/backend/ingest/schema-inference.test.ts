import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/seeded-random.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import type { RecordBatch } from './record-source.js';
import { inferSchema } from './schema-inference.js';
import { openCsvSource } from './sources/csv-source.js';
import { DEFAULT_NULL_TOKENS } from './value-coercion.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const NULL_TOKENS = new Set(DEFAULT_NULL_TOKENS);

/** The first batch of a CSV file, and its fields. */
async function firstBatch(content: string) {
  const file = join(temporaryFolder('inference'), 'sample.csv');
  writeFileSync(file, content);
  const source = await openCsvSource(file, {});
  try {
    const fields = await source.fields();
    const batches = source.batches(10_000)[Symbol.asyncIterator]();
    const first = await batches.next();
    await batches.return?.(undefined);
    return { fields, batch: first.value as RecordBatch };
  } finally {
    await source.close();
  }
}

/** The same rows as values only, as a source without delimited fields gives them. */
const asValues = (batch: RecordBatch): RecordBatch => ({
  rows: batch.rows,
  rejected: [],
  firstRowNumber: 1,
  bytesRead: 0,
});

/** Spellings of every kind inference tells apart, and of what it must not be fooled by. */
const FAMILIES: string[][] = [
  ['0', '1', '12', '-7', '+3', '007', ' 12', '12 ', '1234567890123456', '99999999999999999999'],
  ['1.5', '.5', '1.', '-0.0', '1e3', '2.5E-2', '3.14159', ' 2.5', '1.2.3', '12'],
  ['0', '1'],
  ['true', 'false', 'True', 'FALSE', '0', '1', 'yes', 'TRUE '],
  ['NA', ' NA ', '"NA"', '""', 'null', 'None', 'NaN', 'nan', 'N/A', '\u00a0NA', '"N/A"', ''],
  ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.678Z', '2024-02-30T00:00:00Z', '2024-01-02T03:04:05+02:00'],
  ['2024-01-02', '1999-12-31', '2024-01-02 ', '2024-13-01'],
  ['2024/01/02 10:00:00', '2024/01/02 10:00', '2024/01/02', '01/02/2024', '02.01.2024', 'Jan 02 2024', '02 Jan 2024'],
  ['"12"', '"1.5"', '"true"', '"2024-01-02T03:04:05Z"', '"a ""quoted"" word"'],
  ['books', 'é', '🙂', 'x', ' ', 'N', 'Non', 'NULLS'],
];

/** A CSV of random columns: each draws from one family, some with a stray value of another. */
function randomCsv(seed: number, columns: number, rows: number): string {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T;
  const plans = Array.from({ length: columns }, () => {
    const family = pick(FAMILIES);
    const subset = family.filter(() => random() < 0.6);
    const values = subset.length > 0 ? subset : [family[0] as string];
    const stray = random() < 0.3 ? pick(pick(FAMILIES)) : null;
    return { values, stray, strayRow: Math.floor(random() * rows) };
  });
  const header = plans.map((_, index) => `c${index}`).join(',');
  const lines = Array.from({ length: rows }, (_, row) =>
    plans.map((plan) => (plan.stray !== null && row === plan.strayRow ? plan.stray : pick(plan.values))).join(','),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

describe('inferSchema', () => {
  it('infers the same schema from delimited fields in place as from their values, on random columns', async () => {
    for (let seed = 1; seed <= 6; seed += 1) {
      const { fields, batch } = await firstBatch(randomCsv(seed, 80, 120));
      expect(batch.delimited).toBeDefined();
      const inPlace = inferSchema(fields, batch, NULL_TOKENS);
      expect(inPlace, `seed ${seed}`).toEqual(inferSchema(fields, asValues(batch), NULL_TOKENS));
    }
  });

  it('tells the types of a typical file apart, reading its fields in place', async () => {
    const { fields, batch } = await firstBatch(
      [
        'id,price,flag,bit,when,day,name,empty,mixed',
        '1,1.5,true,0,2024-01-02T03:04:05Z,2024-01-02,ann,,2024/01/02',
        '2,NA,False,1,2024-01-03T03:04:05.5Z,2024-01-03,"bo, b",NA,2024-01-03T03:04:05Z',
        '3,.25, FALSE,1,2024-01-04T00:00:00Z,NA,"",,2024/01/04',
      ].join('\n'),
    );
    expect(inferSchema(fields, batch, NULL_TOKENS).map((column) => `${column.name}:${column.type}`)).toEqual([
      'id:integer',
      'price:real',
      'flag:boolean',
      'bit:integer',
      'when:timestamp',
      'day:date',
      'name:text',
      'empty:text',
      'mixed:text',
    ]);
  });

  it('takes a file without rows as all text', async () => {
    const { fields } = await firstBatch('a,b\n');
    expect(inferSchema(fields, null, NULL_TOKENS).map((column) => column.type)).toEqual(['text', 'text']);
  });
});
