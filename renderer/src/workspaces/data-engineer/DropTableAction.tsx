import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { DropTableOutcome, TableInfo } from '../../../../shared/contract/schemas.js';
import { formatCount } from '../../../../shared/format.js';
import { describeDependents, refusalReason } from '../../../../shared/table-dependents.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useClient } from '../../transport/client-context.js';

/** Says which table was dropped, and which definitions still name it. */
export function DroppedNotice({ outcome }: { outcome: DropTableOutcome }) {
  const kept = describeDependents(outcome.dependents);
  return (
    <p role="status" className="panel__text drop-table__notice">
      Dropped table {outcome.table}.{kept ? ` Still naming it (kept): ${kept}.` : ''}
    </p>
  );
}

/**
 * Drops the chosen table after the user confirms. A table that feature views or quality checks
 * read is left as it is at first: the dialog names them, and "Drop anyway" is a second, explicit step.
 */
export function DropTableAction({
  table,
  onDropped,
}: {
  table: TableInfo;
  onDropped(outcome: DropTableOutcome): void;
}) {
  const client = useClient();
  const queryClient = useQueryClient();
  const drop = useMutation({
    mutationFn: (input: { table: string; force: boolean }) => client.invoke('tables.drop', input),
    onSuccess: (outcome) => {
      if (!outcome.dropped) return;
      // Out of the list at once, so the page never asks for the rows of a table that is gone.
      queryClient.setQueryData<TableInfo[]>(['tables.list', {}], (list) =>
        list?.filter((entry) => entry.name !== outcome.table),
      );
      void queryClient.invalidateQueries();
    },
  });
  const [open, setOpen] = useState(false);
  const [refused, setRefused] = useState<DropTableOutcome | null>(null);

  const close = () => {
    setOpen(false);
    setRefused(null);
    drop.reset();
  };
  const run = (force: boolean) =>
    drop.mutate(
      { table: table.name, force },
      {
        onSuccess: (outcome) => {
          if (!outcome.dropped) return setRefused(outcome);
          close();
          onDropped(outcome);
        },
      },
    );

  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        <Trash2 size={15} aria-hidden /> Drop table
      </button>
      <ConfirmDialog
        open={open}
        title={`Drop table ${table.name}?`}
        confirmLabel={refused ? 'Drop anyway' : `Drop ${table.name}`}
        pending={drop.isPending}
        error={drop.error}
        onConfirm={() => run(refused !== null)}
        onCancel={close}
      >
        {refused ? (
          <>
            <p>{refusalReason(refused)}.</p>
            <p>
              Dropping it anyway keeps those definitions: they fail until a table named {refused.table} exists again or
              the definitions change.
            </p>
          </>
        ) : (
          <p>
            <strong>{table.name}</strong> and its {formatCount(table.rows, 'row')} are deleted, with its import history
            and quarantined rows. This cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
