import { useEffect, useRef } from 'react';
import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { formatCount } from '../../../../shared/format.js';
import { ChangeList } from './DefinitionsOutcome.js';

interface ConfirmDeletionsDialogProps {
  /** The changes Apply would make, deletions among them. */
  changes: ApplyOutcome['changes'];
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before an Apply deletes anything, listing what it would delete and what else it would change. */
export function ConfirmDeletionsDialog({ changes, onConfirm, onCancel }: ConfirmDeletionsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const deletions = changes.filter((change) => change.action === 'delete');
  const others = changes.filter((change) => change.action === 'create' || change.action === 'update');
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-deletions-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <header className="dialog__header">
        <h2 id="confirm-deletions-title">Delete {formatCount(deletions.length, 'object')}?</h2>
      </header>
      <section aria-labelledby="deletions-title">
        <h3 id="deletions-title">These definitions no longer hold, so Apply deletes them:</h3>
        <ChangeList changes={deletions} />
        {deletions.some((change) => change.kind === 'feature view') ? (
          <p>A deleted feature view’s online values and materialization history are deleted with it.</p>
        ) : null}
      </section>
      {others.length > 0 ? (
        <section aria-labelledby="other-changes-title">
          <h3 id="other-changes-title">It also makes these changes:</h3>
          <ChangeList changes={others} />
        </section>
      ) : null}
      <section className="dialog__actions">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice is the one Enter takes */}
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          Delete and apply
        </button>
      </section>
    </dialog>
  );
}
