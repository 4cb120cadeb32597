import type { StepArtifact } from '../../../shared/contract/pipeline-runs.js';
import { formatBytes } from '../../../shared/format.js';
import { useProject } from '../hooks/queries.js';
import { desktopBridge } from '../transport/desktop-transport.js';

/** Files kept in the project's content-addressed store: name, size, hash; shown in the file manager (desktop) or their path copied. */
export function ArtifactList({ artifacts }: { artifacts: readonly StepArtifact[] }) {
  const projectPath = useProject().data?.path ?? '';
  const desktop = desktopBridge();
  return (
    <ul className="artifact-list" aria-label="Artifacts">
      {artifacts.map((artifact) => (
        <li key={`${artifact.name}-${artifact.sha256}`}>
          <strong>{artifact.name}</strong> {formatBytes(artifact.bytes)}{' '}
          <code title={`${projectPath}/${artifact.path}`}>{artifact.sha256.slice(0, 12)}</code>
          {desktop ? (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => void desktop.showInFolder(`${projectPath}/${artifact.path}`)}
            >
              Show in folder
            </button>
          ) : null}
          <button
            type="button"
            className="button button--ghost"
            title={`${projectPath}/${artifact.path}`}
            onClick={() => void navigator.clipboard?.writeText(`${projectPath}/${artifact.path}`)}
          >
            Copy path
          </button>
        </li>
      ))}
    </ul>
  );
}
