import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { useModal } from './use-modal.js';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** The button that does the destructive thing, named for what it does ("Replace orders"). */
  confirmLabel: string;
  pending?: boolean;
  error?: Error | null;
  onConfirm(): void;
  /** Cancel, Escape or closing the dialog any other way. */
  onCancel(): void;
}

/** A modal question before a change that loses data; nothing happens until the user confirms. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pending = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { dialog, titleId } = useModal(open);

  // A closed dialog holds nothing, so its question is never read out or found on the page.
  return (
    <dialog ref={dialog} className="dialog confirm-dialog" aria-labelledby={titleId} onClose={onCancel}>
      {open ? (
        <>
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
          </header>
          <section className="confirm-dialog__body">
            {children}
            <ErrorMessage error={error} />
          </section>
          <footer className="confirm-dialog__actions">
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="button button--danger" onClick={onConfirm} disabled={pending}>
              {confirmLabel}
            </button>
          </footer>
        </>
      ) : null}
    </dialog>
  );
}
