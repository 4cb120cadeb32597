/** A failed call's message, announced to screen readers; nothing when there is no error. */
export function ErrorMessage({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="form-error">
      {error.message}
    </p>
  );
}
