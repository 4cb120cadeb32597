import { useState } from 'react';
import type { MethodInput } from '../../../shared/contract/methods.js';
import { JobProgressPanel } from '../components/JobProgressPanel.js';
import { ModalDialog } from '../components/ModalDialog.js';
import { useJobRun } from '../hooks/job-hooks.js';
import { useUiStore } from '../state/ui-store.js';
import { BundleFileField } from './BundleFileField.js';
import { BundleImportOutcome } from './BundleImportOutcome.js';
import { BundleInspectionView } from './BundleInspectionView.js';
import { SigningKeysSection } from './SigningKeysSection.js';

type ImportInput = MethodInput<'bundles.import'>;

function ImportDialogBody({ onClose }: { onClose(): void }) {
  const openPage = useUiStore((state) => state.openPage);
  const [path, setPath] = useState<string | null>(null);
  const [keysOpen, setKeysOpen] = useState(false);
  const importing = useJobRun('bundle-import', (client, input: ImportInput) => client.invoke('bundles.import', input));
  const result = importing.data;

  if (result)
    return (
      <BundleImportOutcome
        result={result}
        onOpenPipeline={() => {
          onClose();
          openPage('data-scientist', 'pipelines', result.file);
        }}
      />
    );
  return (
    <>
      <section aria-label="Bundle file">
        <BundleFileField
          disabled={importing.isPending}
          onPicked={(picked) => {
            importing.reset();
            setPath(picked);
          }}
        />
        {path ? null : (
          <p className="panel__hint">
            A .triad file a teammate made with Share in their Triad. Nothing is written before you choose Import.
          </p>
        )}
      </section>
      {path ? (
        <BundleInspectionView
          key={path}
          path={path}
          running={
            importing.isPending ? (
              <JobProgressPanel
                label="Importing the bundle"
                progress={importing.progress}
                onCancel={importing.cancel}
              />
            ) : null
          }
          error={importing.error}
          onImport={(resolutions) => importing.mutate({ path, resolutions })}
          onManageKeys={() => setKeysOpen(true)}
        />
      ) : null}
      <SigningKeysSection open={keysOpen} onToggle={setKeysOpen} />
    </>
  );
}

/** Import bundle: choose a .triad file, see what it holds and what importing would change, settle conflicts, import. */
export function ImportDialog() {
  const open = useUiStore((state) => state.bundleImportOpen);
  const setOpen = useUiStore((state) => state.setBundleImportOpen);
  const close = () => setOpen(false);
  return (
    <ModalDialog open={open} title="Import a bundle" onClose={close} className="bundle-dialog">
      <ImportDialogBody onClose={close} />
    </ModalDialog>
  );
}
