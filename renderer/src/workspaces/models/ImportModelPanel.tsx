import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { JobProgressPanel } from '../../components/JobProgressPanel.js';
import { Panel } from '../../components/Panel.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { backendPathOf } from '../../transport/upload.js';

/** Registers an ONNX file made anywhere (scikit-learn, XGBoost, PyTorch…) as a new version. */
export function ImportModelPanel({ onImported }: { onImported(name: string): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const importing = useJobRun('model-import', async (client, input: { file: File; name: string }) =>
    client.invoke('models.import', { path: await backendPathOf(input.file), name: input.name }),
  );
  return (
    <Panel id="import-model" title="Import an ONNX model">
      <form
        className="inline-fields"
        onSubmit={(event) => {
          event.preventDefault();
          if (file && name.trim())
            importing.mutate({ file, name: name.trim() }, { onSuccess: (version) => onImported(version.name) });
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
        <button type="submit" className="button" disabled={!file || !name.trim() || importing.isPending}>
          Import
        </button>
      </form>
      {importing.isPending ? (
        <JobProgressPanel label="Import progress" progress={importing.progress} onCancel={importing.cancel} />
      ) : null}
      <ErrorMessage error={importing.error} />
      {importing.data && !importing.isPending ? (
        <p role="status">
          Registered as {importing.data.name} version {importing.data.version}.
        </p>
      ) : null}
    </Panel>
  );
}
