import { extname } from 'node:path';
import type { RecordSource, SourceFormat } from './record-source.js';
import type { CsvOptions } from './sources/csv-source.js';

/** Opens a file as a source of records; each format's reader is loaded when a file of it is opened. */
export async function openRecordSource(
  file: string,
  format: SourceFormat,
  csv: CsvOptions = {},
): Promise<RecordSource> {
  switch (format) {
    case 'csv': {
      const { openCsvSource } = await import('./sources/csv-source.js');
      return openCsvSource(file, { ...(extname(file).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}), ...csv });
    }
    case 'ndjson': {
      const { openNdjsonSource } = await import('./sources/ndjson-source.js');
      return openNdjsonSource(file);
    }
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
