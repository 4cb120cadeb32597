import { useMutation } from '@tanstack/react-query';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { backendPathOf } from '../transport/upload.js';

/** Choose a .triad file; once the backend can read it (its path on the desktop, an upload in web mode), `onPicked`. */
export function BundleFileField({ disabled, onPicked }: { disabled: boolean; onPicked(path: string): void }) {
  const reach = useMutation({ mutationFn: backendPathOf, onSuccess: onPicked });
  return (
    <div className="field">
      <label htmlFor="bundle-file">Bundle file (.triad)</label>
      <input
        id="bundle-file"
        type="file"
        accept=".triad"
        disabled={disabled || reach.isPending}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) reach.mutate(file);
        }}
      />
      {reach.isPending ? <p className="panel__text">Reading the file…</p> : null}
      <ErrorMessage error={reach.error} />
    </div>
  );
}
