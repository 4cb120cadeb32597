import { useEffect, useId, useRef } from 'react';

/** A `<dialog>` shown as a modal while `open` and closed otherwise, and the id its title takes. */
export function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return { dialog, titleId };
}
