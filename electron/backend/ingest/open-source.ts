import { extname } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { RecordSource, SourceFormat } from './record-source.js';
import { type CsvOptions, openCsvSource } from './sources/csv-source.js';
import { openNdjsonSource } from './sources/ndjson-source.js';

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
};

export function detectFormat(file: string): SourceFormat {
  const format = FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  if (!format) {
    throw new TriadError(
      'invalid_input',
      `cannot tell the format of ${file} from its extension: name it with --format csv, ndjson, parquet or arrow`,
    );
  }
  return format;
}

export async function openRecordSource(
  file: string,
  format: SourceFormat,
  csv: CsvOptions = {},
): Promise<RecordSource> {
  switch (format) {
    case 'csv':
      return openCsvSource(file, { ...(extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}), ...csv });
    case 'ndjson':
      return openNdjsonSource(file);
    case 'parquet': {
      const { openParquetSource } = await import('./sources/parquet-source.js');
      return openParquetSource(file);
    }
    case 'arrow': {
      const { openArrowSource } = await import('./sources/arrow-source.js');
      return openArrowSource(file);
    }
  }
}
