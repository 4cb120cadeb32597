import { Copy } from 'lucide-react';
import { useState } from 'react';

/** Copies a text to the clipboard, and says so once it did. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button--ghost"
      aria-label={label}
      title={label}
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
    >
      <Copy size={14} aria-hidden /> {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
