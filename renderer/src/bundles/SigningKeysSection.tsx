import { ChevronRight } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { SigningPanel } from './SigningPanel.js';

/** The signing panel folded into a dialog; opened from a hint ("create a key", "trust the key"), it scrolls into view. */
export function SigningKeysSection({ open, onToggle }: { open: boolean; onToggle(open: boolean): void }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (open) details.current?.scrollIntoView?.({ block: 'nearest' });
  }, [open]);
  return (
    <details
      ref={details}
      className="signing-keys"
      open={open}
      onToggle={(event) => onToggle(event.currentTarget.open)}
    >
      <summary>
        <ChevronRight size={15} aria-hidden className="signing-keys__chevron" /> Signing keys
      </summary>
      <SigningPanel />
    </details>
  );
}
