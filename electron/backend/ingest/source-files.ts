import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { SourceFormat } from './record-source.js';

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

/** The format a file's extension names, or null for an extension no format has. */
export function formatFromExtension(file: string): SourceFormat | null {
  return FORMAT_BY_EXTENSION[extname(file).toLowerCase()] ?? null;
}

/** Why a file's format is unknown, in words that hold in the app and the CLI alike. */
export function unknownFormatMessage(file: string): string {
  return `cannot tell the format of ${file} from its extension: CSV files end in .csv, .tsv or .txt, NDJSON files in .ndjson or .jsonl, Parquet files in .parquet, Arrow files in .arrow, .feather or .ipc`;
}

export function detectFormat(file: string): SourceFormat {
  const format = formatFromExtension(file);
  if (!format) throw new TriadError('invalid_input', unknownFormatMessage(file));
  return format;
}

/** Refuses a path that names nothing, or a folder, before any reader opens it. */
export function assertFileToRead(file: string): void {
  if (!existsSync(file)) throw new TriadError('not_found', `there is no file at ${file}`);
  const stats = statSync(file);
  if (stats.isDirectory()) throw new TriadError('invalid_input', `${file} is a folder: choose a file inside it`);
  if (!stats.isFile()) throw new TriadError('invalid_input', `${file} is not a regular file`);
}
