import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { useModal } from './use-modal.js';

interface ModalDialogProps {
  open: boolean;
  title: string;
  /** Close, Escape or closing the dialog any other way. */
  onClose(): void;
  /** Extra class names, e.g. for a wider dialog. */
  className?: string;
  children: ReactNode;
}

/** A modal dialog with a title and a Close button; a closed one holds nothing, so its state starts afresh each time. */
export function ModalDialog({ open, title, onClose, className, children }: ModalDialogProps) {
  const { dialog, titleId } = useModal(open);

  return (
    <dialog
      ref={dialog}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      {open ? (
        <>
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close">
              <X size={16} aria-hidden />
            </button>
          </header>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
