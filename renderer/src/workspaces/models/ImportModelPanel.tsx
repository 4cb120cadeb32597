import { useState } from 'react';
import type { InputColumns } from '../../../../shared/contract/input-columns.js';
import { parseInputColumns } from '../../../../shared/input-columns-text.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { JobProgressPanel } from '../../components/JobProgressPanel.js';
import { Panel } from '../../components/Panel.js';
import { useTables } from '../../hooks/feature-queries.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { backendPathOf } from '../../transport/upload.js';

/** Registers an ONNX file made anywhere (scikit-learn, XGBoost, PyTorch…) as a new version. */
interface ImportRequest {
  file: File;
  name: string;
  trainingTable: string | null;
  inputColumns: InputColumns | null;
}

/** Registers an ONNX file made anywhere (scikit-learn, XGBoost, PyTorch…) as a new version. */
export function ImportModelPanel({ onImported }: { onImported(name: string): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [trainingTable, setTrainingTable] = useState('');
  const [inputColumns, setInputColumns] = useState('');
  const [unreadable, setUnreadable] = useState<Error | null>(null);
  const tables = useTables();
  const importing = useJobRun('model-import', async (client, input: ImportRequest) =>
    client.invoke('models.import', {
      path: await backendPathOf(input.file),
      name: input.name,
      trainingTable: input.trainingTable,
      inputColumns: input.inputColumns,
    }),
  );
  return (
    <Panel id="import-model" title="Import an ONNX model">
      <form
        className="inline-fields"
        onSubmit={(event) => {
          event.preventDefault();
          if (!file || !name.trim()) return;
          let columns: InputColumns | null = null;
          try {
            if (trainingTable && inputColumns.trim()) columns = parseInputColumns([inputColumns]);
          } catch (error) {
            setUnreadable(error as Error);
            return;
          }
          setUnreadable(null);
          importing.mutate(
            { file, name: name.trim(), trainingTable: trainingTable || null, inputColumns: columns },
            { onSuccess: (version) => onImported(version.name) },
          );
        }}
      >
        <label>
          Model file
          <input
            type="file"
            accept=".onnx"
            aria-label="Model file"
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              if (chosen && !name) setName(chosen.name.replace(/\.onnx$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_'));
            }}
          />
        </label>
        <label>
          Register as
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-label="Model name"
            placeholder="model name"
          />
        </label>
        <label title="The project table the model learnt from: drift compares its live inputs with it">
          Trained on
          <select value={trainingTable} onChange={(event) => setTrainingTable(event.target.value)}>
            <option value="">not known (no drift)</option>
            {(tables.data ?? []).map((table) => (
              <option key={table.name} value={table.name}>
                {table.name}
              </option>
            ))}
          </select>
        </label>
        {trainingTable ? (
          <label title="For an input with many values per row, e.g. scikit-learn's float_input: the table's columns it takes, in order. For several such inputs, name each: x = a, b; y = c, d. Quote a name holding , ; = or a quote.">
            Input columns
            <input
              value={inputColumns}
              onChange={(event) => {
                setInputColumns(event.target.value);
                setUnreadable(null);
              }}
              placeholder="a, b, c  or  x = a, b; y = c"
            />
          </label>
        ) : null}
        <button type="submit" className="button" disabled={!file || !name.trim() || importing.isPending}>
          Import
        </button>
      </form>
      {importing.isPending ? (
        <JobProgressPanel label="Import progress" progress={importing.progress} onCancel={importing.cancel} />
      ) : null}
      <ErrorMessage error={unreadable ?? importing.error} />
      {importing.data && !importing.isPending ? (
        <p role="status">
          Registered as {importing.data.name} version {importing.data.version}.
        </p>
      ) : null}
    </Panel>
  );
}
