import { useMethodQuery } from '../hooks/queries.js';

/** "Sign with my key", offered once the user has a key; without one, a way to make it. */
export function SignChoice({
  sign,
  onSign,
  disabled,
  onCreateKey,
}: {
  sign: boolean;
  onSign(sign: boolean): void;
  disabled: boolean;
  onCreateKey(): void;
}) {
  const own = useMethodQuery('keys.get', {});
  const key = own.data?.key ?? null;
  return (
    <div className="sign-choice">
      <label className="check-field">
        <input
          type="checkbox"
          checked={sign && key !== null}
          disabled={disabled || key === null}
          onChange={(event) => onSign(event.target.checked)}
        />
        Sign with my key{key ? ` (${key.name}, ID ${key.keyId})` : ''}
      </label>
      {own.data && !key ? (
        <p className="panel__hint">
          You have no signing key yet, so the bundle cannot be signed.{' '}
          <button type="button" className="link-button" onClick={onCreateKey}>
            Create a key
          </button>
        </p>
      ) : null}
      {own.isError ? (
        <p className="panel__hint">
          Your signing key cannot be read.{' '}
          <button type="button" className="link-button" onClick={onCreateKey}>
            Make a new one
          </button>
        </p>
      ) : null}
    </div>
  );
}
