import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ColumnSpec, FilePreview, ImportMode, TableInfo } from '../../../../shared/contract/schemas.js';
import { formatBytes, formatCount } from '../../../../shared/format.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { useTables } from '../../hooks/feature-queries.js';
import { useFollowedJob } from '../../hooks/job-hooks.js';
import { useClient } from '../../transport/client-context.js';
import { type ChosenFile, FileChooser } from './FileChooser.js';
import { ImportHistory } from './ImportHistory.js';
import { ImportOutcomePanel, ImportProgressPanel } from './ImportProgressPanel.js';
import { PreviewGrid } from './PreviewGrid.js';
import { SchemaEditor } from './SchemaEditor.js';

type CsvSettings = { delimiter?: string; header?: boolean; encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' };

/** A table name proposed from the file name: letters, digits and underscores. */
function tableNameFor(label: string): string {
  const stem = (label.split(/[/\\]/).pop() ?? '').replace(/\.[^.]*$/, '');
  const cleaned = stem
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[a-z_]/.test(cleaned) ? cleaned : `t_${cleaned}`;
}

type ExistingTableMode = Exclude<ImportMode, 'create'>;

/** For a table that exists, the user says what the import does to it: nothing is chosen for them. */
function ExistingTableChoice({
  table,
  mode,
  onChange,
}: {
  table: TableInfo;
  mode: ExistingTableMode | null;
  onChange(mode: ExistingTableMode): void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>
        <strong>{table.name}</strong> already exists with {formatCount(table.rows, 'row')}. What should the import do?
      </legend>
      <label className="check-field">
        <input type="radio" name="import-mode" checked={mode === 'append'} onChange={() => onChange('append')} />
        Append the file's rows to it
      </label>
      <label className="check-field">
        <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => onChange('replace')} />
        Replace it: its {formatCount(table.rows, 'row')} are deleted
      </label>
    </fieldset>
  );
}

export function ImportPage() {
  const client = useClient();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [csv, setCsv] = useState<CsvSettings>({});
  const [columns, setColumns] = useState<ColumnSpec[]>([]);
  const [table, setTable] = useState('');
  // The choice for an existing table belongs to that table's name: another name asks again.
  const [choice, setChoice] = useState<{ table: string; mode: ExistingTableMode } | null>(null);
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const tables = useTables().data;
  // Table names are case-insensitive in SQLite, as in the backend's check.
  const existing = tables?.find((entry) => entry.name.toLowerCase() === table.trim().toLowerCase());
  let mode: ImportMode | null = null;
  if (tables) mode = existing ? (choice?.table === existing.name ? choice.mode : null) : 'create';
  const { progress, end } = useFollowedJob(jobId, 'import');

  const preview = useMutation<FilePreview, Error, { path: string; csv: CsvSettings }>({
    mutationFn: ({ path, csv: options }) => client.invoke('imports.preview', { path, csv: options }),
    onSuccess: (result) => setColumns(result.columns),
  });
  const start = useMutation({
    mutationFn: (chosenMode: ImportMode) =>
      client.invoke('imports.start', {
        path: file?.path ?? '',
        table,
        mode: chosenMode,
        columns,
        ...(preview.data?.format === 'csv' ? { csv } : {}),
      }),
    onSuccess: ({ jobId: started }) => {
      // Each import is chosen afresh: a second click never repeats an append or a replace.
      setChoice(null);
      setConfirmingReplace(false);
      setJobId(started);
    },
  });
  const importFile = () => {
    if (mode === 'replace') setConfirmingReplace(true);
    else if (mode) start.mutate(mode);
  };

  const choose = (chosen: ChosenFile) => {
    setFile(chosen);
    setTable(tableNameFor(chosen.label));
    setJobId(null);
    setCsv({});
    preview.mutate({ path: chosen.path, csv: {} });
  };
  const changeCsv = (change: CsvSettings) => {
    const next = { ...csv, ...change };
    setCsv(next);
    if (file) preview.mutate({ path: file.path, csv: next });
  };
  const running = jobId !== null && end === null;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Import data</h1>
        <p className="page-header__lead">
          Bring a CSV, NDJSON, Parquet or Arrow file into a typed table. Check the schema against the first rows, then
          import: rows that do not fit are quarantined with the reason, and a failed or cancelled import changes
          nothing.
        </p>
      </header>
      <Panel id="import-file" title={file ? `File: ${file.label}` : '1. Choose a file'}>
        <FileChooser onChosen={choose} />
        <ErrorMessage error={preview.error} />
      </Panel>
      {preview.data ? (
        <>
          <Panel
            id="import-preview"
            title={`2. Check the first rows (${preview.data.format}, ${formatBytes(preview.data.totalBytes)})`}
          >
            {preview.data.format === 'csv' ? (
              <div className="inline-fields">
                <label>
                  Delimiter
                  <select
                    value={csv.delimiter ?? ''}
                    onChange={(event) => changeCsv({ delimiter: event.target.value || undefined })}
                  >
                    <option value="">detect</option>
                    <option value=",">comma</option>
                    <option value=";">semicolon</option>
                    <option value={'\t'}>tab</option>
                    <option value="|">pipe</option>
                  </select>
                </label>
                <label>
                  Encoding
                  <select
                    value={csv.encoding ?? 'utf-8'}
                    onChange={(event) => changeCsv({ encoding: event.target.value as CsvSettings['encoding'] })}
                  >
                    <option value="utf-8">UTF-8</option>
                    <option value="latin1">Latin-1</option>
                    <option value="utf-16le">UTF-16 LE</option>
                    <option value="utf-16be">UTF-16 BE</option>
                  </select>
                </label>
                <label className="inline-fields__check">
                  <input
                    type="checkbox"
                    checked={csv.header ?? true}
                    onChange={(event) => changeCsv({ header: event.target.checked })}
                  />
                  First line names the columns
                </label>
              </div>
            ) : null}
            {preview.data.warnings.map((warning) => (
              <p key={warning} className="form-warning">
                {warning}
              </p>
            ))}
            <PreviewGrid preview={preview.data} />
          </Panel>
          <Panel id="import-schema" title="3. Schema">
            <SchemaEditor columns={columns} onChange={setColumns} />
          </Panel>
          <Panel id="import-run" title="4. Import">
            <div className="inline-fields">
              <label>
                Table
                <input value={table} onChange={(event) => setTable(event.target.value)} aria-label="Table name" />
              </label>
            </div>
            {existing ? (
              <ExistingTableChoice
                table={existing}
                mode={mode === 'append' || mode === 'replace' ? mode : null}
                onChange={(next) => setChoice({ table: existing.name, mode: next })}
              />
            ) : mode === 'create' && table.trim() ? (
              <p className="panel__text">
                A new table <strong>{table.trim()}</strong> will be created.
              </p>
            ) : null}
            <button
              type="button"
              className="button button--primary"
              disabled={running || !table.trim() || mode === null || start.isPending}
              onClick={importFile}
            >
              Import
            </button>
            <ErrorMessage error={confirmingReplace ? null : start.error} />
            {existing ? (
              <ConfirmDialog
                open={confirmingReplace}
                title={`Replace ${existing.name}?`}
                confirmLabel={`Replace ${existing.name}`}
                pending={start.isPending}
                error={start.error}
                onConfirm={() => start.mutate('replace')}
                onCancel={() => setConfirmingReplace(false)}
              >
                <p>
                  {formatCount(existing.rows, 'row')} of <strong>{existing.name}</strong> will be deleted and replaced
                  by the rows of this file. This cannot be undone.
                </p>
              </ConfirmDialog>
            ) : null}
            {running ? (
              <ImportProgressPanel
                progress={progress}
                onCancel={() => jobId && void client.invoke('jobs.cancel', { id: jobId })}
              />
            ) : null}
            {end ? <ImportOutcomePanel end={end} /> : null}
          </Panel>
        </>
      ) : null}
      <ImportHistory />
    </div>
  );
}
