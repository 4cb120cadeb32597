import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { formatCount } from '../../../../shared/format.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ChangeList } from './DefinitionsOutcome.js';

interface ConfirmDeletionsDialogProps {
  /** The changes Apply would make, deletions among them. */
  changes: ApplyOutcome['changes'];
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before an Apply deletes anything, listing what it would delete and what else it would change. */
export function ConfirmDeletionsDialog({ changes, onConfirm, onCancel }: ConfirmDeletionsDialogProps) {
  const deletions = changes.filter((change) => change.action === 'delete');
  const others = changes.filter((change) => change.action === 'create' || change.action === 'update');
  return (
    <ConfirmDialog
      open
      title={`Delete ${formatCount(deletions.length, 'object')}?`}
      confirmLabel="Delete and apply"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <h3>These definitions no longer hold, so Apply deletes them:</h3>
      <ChangeList changes={deletions} />
      {deletions.some((change) => change.kind === 'feature view') ? (
        <p>A deleted feature view’s online values and materialization history are deleted with it.</p>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3>It also makes these changes:</h3>
          <ChangeList changes={others} />
        </>
      ) : null}
    </ConfirmDialog>
  );
}
