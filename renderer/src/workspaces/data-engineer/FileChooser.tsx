import { FileUp } from 'lucide-react';
import { type DragEvent, useRef, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { desktopBridge } from '../../transport/desktop-transport.js';
import { backendPathOf } from '../../transport/upload.js';

export interface ChosenFile {
  path: string;
  label: string;
}

/** Pick a file: the system dialog on the desktop, a file input or drag-and-drop in the browser, or a typed path. */
export function FileChooser({ onChosen }: { onChosen(file: ChosenFile): void }) {
  const bridge = desktopBridge();
  const input = useRef<HTMLInputElement>(null);
  const [typedPath, setTypedPath] = useState('');
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [dragging, setDragging] = useState(false);

  const upload = async (file: File) => {
    setError(null);
    setUploading(file.name);
    try {
      onChosen({ path: await backendPathOf(file), label: file.name });
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setUploading(null);
    }
  };
  const choose = () => {
    if (bridge) void bridge.pickDataFile().then((path) => path && onChosen({ path, label: path }));
    else input.current?.click();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void upload(file);
  };

  return (
    <div className="file-chooser">
      <section
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
        aria-label="Drop a file to import"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <FileUp size={28} aria-hidden className="drop-zone__icon" />
        <p>{uploading ? `Uploading ${uploading}…` : 'Drop a CSV, NDJSON, Parquet or Arrow file here'}</p>
        <button type="button" className="button button--primary" onClick={choose} disabled={uploading !== null}>
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          data-testid="file-input"
          accept=".csv,.tsv,.txt,.ndjson,.jsonl,.parquet,.arrow,.feather,.ipc"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
            event.target.value = '';
          }}
        />
      </section>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          if (typedPath.trim()) onChosen({ path: typedPath.trim(), label: typedPath.trim() });
        }}
      >
        <label htmlFor="import-path">Or a file path on this machine</label>
        <div className="field__row">
          <input
            id="import-path"
            value={typedPath}
            onChange={(event) => setTypedPath(event.target.value)}
            placeholder="/data/events.parquet"
            spellCheck={false}
          />
          <button type="submit" className="button" disabled={!typedPath.trim()}>
            Preview
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
    </div>
  );
}
