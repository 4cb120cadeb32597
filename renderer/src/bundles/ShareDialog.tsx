import { Package, Workflow } from 'lucide-react';
import { useState } from 'react';
import type { MethodInput } from '../../../shared/contract/methods.js';
import type { ProjectPipeline } from '../../../shared/contract/pipeline-runs.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { JobProgressPanel } from '../components/JobProgressPanel.js';
import { ModalDialog } from '../components/ModalDialog.js';
import { useJobRun } from '../hooks/job-hooks.js';
import { useMethodQuery } from '../hooks/queries.js';
import { usePipelines } from '../pipelines/pipeline-queries.js';
import { useUiStore } from '../state/ui-store.js';
import { BundleDestination } from './BundleDestination.js';
import { BundlePlanView } from './BundlePlanView.js';
import { ExportOutcome } from './ExportOutcome.js';
import { SignChoice } from './SignChoice.js';
import { SigningKeysSection } from './SigningKeysSection.js';

type ExportInput = MethodInput<'bundles.export'>;

function NoPipelines({ onClose }: { onClose(): void }) {
  const openPage = useUiStore((state) => state.openPage);
  return (
    <section>
      <EmptyState
        icon={Workflow}
        title="No pipeline to share"
        action={
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              openPage('data-scientist', 'pipelines');
            }}
          >
            Go to Pipelines
          </button>
        }
      >
        Create a pipeline first (or fix the problems of the ones there) on the Pipelines page, then share it from here.
      </EmptyState>
    </section>
  );
}

function ShareForm({ pipelines, first, onClose }: { pipelines: string[]; first: string; onClose(): void }) {
  const [pipeline, setPipeline] = useState(first);
  const [withModels, setWithModels] = useState(false);
  const [withData, setWithData] = useState(false);
  const [sign, setSign] = useState(false);
  const [author, setAuthor] = useState('');
  const [chosenPath, setChosenPath] = useState<string | null>(null);
  const [keysOpen, setKeysOpen] = useState(false);
  const choices = { pipeline, withModels, withData };
  const plan = useMethodQuery('bundles.plan', choices);
  const path = chosenPath ?? plan.data?.suggestedPath ?? '';
  const exporting = useJobRun('bundle-export', (client, input: ExportInput) => client.invoke('bundles.export', input));

  if (exporting.data) return <ExportOutcome result={exporting.data} pipeline={pipeline} onClose={onClose} />;
  const busy = exporting.isPending;
  const start = () =>
    exporting.mutate({ ...choices, path: path.trim(), sign, ...(author.trim() ? { author: author.trim() } : {}) });

  return (
    <>
      <section aria-label="What to share">
        <div className="inline-fields">
          <label>
            <span>Pipeline</span>
            <select value={pipeline} disabled={busy} onChange={(event) => setPipeline(event.target.value)}>
              {pipelines.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        </div>
        <label className="check-field">
          <input
            type="checkbox"
            checked={withModels}
            disabled={busy}
            onChange={(event) => setWithModels(event.target.checked)}
          />
          Include model versions
        </label>
        <label className="check-field">
          <input
            type="checkbox"
            checked={withData}
            disabled={busy}
            onChange={(event) => setWithData(event.target.checked)}
          />
          Include data (tables and training sets as Parquet)
        </label>
      </section>
      <section aria-label="Signature and author">
        <SignChoice sign={sign} onSign={setSign} disabled={busy} onCreateKey={() => setKeysOpen(true)} />
        <div className="field">
          <label htmlFor="bundle-author">Author (optional)</label>
          <input
            id="bundle-author"
            value={author}
            disabled={busy}
            onChange={(event) => setAuthor(event.target.value)}
            placeholder="your user name on this computer"
          />
        </div>
      </section>
      <section aria-label="Destination">
        <BundleDestination path={path} onChange={setChosenPath} disabled={busy} />
      </section>
      <section aria-label="What goes in">
        <h3>What goes in</h3>
        <BundlePlanView plan={plan.data} error={plan.error} />
      </section>
      <footer className="dialog__actions">
        {busy ? (
          <JobProgressPanel label="Exporting the bundle" progress={exporting.progress} onCancel={exporting.cancel} />
        ) : (
          <>
            <ErrorMessage error={exporting.error} />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!path.trim() || !plan.data}
              onClick={start}
            >
              <Package size={15} aria-hidden /> Export
            </button>
          </>
        )}
      </footer>
      <SigningKeysSection open={keysOpen} onToggle={setKeysOpen} />
    </>
  );
}

const shareable = (pipelines: readonly ProjectPipeline[]) =>
  pipelines.flatMap((entry) => (entry.valid ? [entry.name] : []));

/** Share pipeline: what to put in the bundle, who signs it, where it goes, then the export as a job. */
export function ShareDialog() {
  const sharing = useUiStore((state) => state.sharing);
  const setSharing = useUiStore((state) => state.setSharing);
  const close = () => setSharing(null);
  return (
    <ModalDialog open={sharing !== null} title="Share a pipeline" onClose={close} className="bundle-dialog">
      <ShareDialogBody preselected={sharing?.pipeline ?? null} onClose={close} />
    </ModalDialog>
  );
}

function ShareDialogBody({ preselected, onClose }: { preselected: string | null; onClose(): void }) {
  const pipelines = usePipelines();
  if (pipelines.error)
    return (
      <section>
        <ErrorMessage error={pipelines.error} />
      </section>
    );
  if (!pipelines.data)
    return (
      <section>
        <p className="panel__text">Loading the pipelines…</p>
      </section>
    );
  const names = shareable(pipelines.data);
  const first = preselected && names.includes(preselected) ? preselected : names[0];
  if (first === undefined) return <NoPipelines onClose={onClose} />;
  return <ShareForm pipelines={names} first={first} onClose={onClose} />;
}
