import { desktopBridge } from '../transport/desktop-transport.js';

/** Where the bundle is written: a path to edit, and on the desktop the system's Save dialog. */
export function BundleDestination({
  path,
  onChange,
  disabled,
}: {
  path: string;
  onChange(path: string): void;
  disabled: boolean;
}) {
  const bridge = desktopBridge();
  return (
    <div className="field">
      <label htmlFor="bundle-destination">Save to</label>
      <div className="field__row">
        <input
          id="bundle-destination"
          value={path}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          placeholder="/home/me/flight_delays.triad"
          spellCheck={false}
          autoComplete="off"
        />
        {bridge ? (
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => void bridge.pickSaveFile(path).then((picked) => picked && onChange(picked))}
          >
            Choose…
          </button>
        ) : null}
      </div>
    </div>
  );
}
