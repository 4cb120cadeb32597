import { Boxes } from 'lucide-react';
import { useState } from 'react';
import type { ModelVersion } from '../../../../shared/contract/schemas.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useModels, useModelVersions } from '../../hooks/model-queries.js';
import { formatMetric, headlineMetric, metricLabel } from '../../models/metric-format.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { CompareVersions } from './CompareVersions.js';
import { ImportModelPanel } from './ImportModelPanel.js';
import { ModelVersionDetail } from './ModelVersionDetail.js';

function VersionsTable({
  versions,
  shown,
  compared,
  onShow,
  onCompare,
}: {
  versions: ModelVersion[];
  shown: number;
  compared: number[];
  onShow(version: number): void;
  onCompare(versions: number[]): void;
}) {
  return (
    <table className="data-grid" aria-label="Versions">
      <TableHead columns={['Compare', 'Version', 'Aliases', 'Algorithm', 'Headline metric', 'Created']} />
      <tbody>
        {versions.map((version) => {
          const headline = headlineMetric(version.card.metrics);
          return (
            <tr key={version.version} aria-selected={version.version === shown}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare version ${version.version}`}
                  checked={compared.includes(version.version)}
                  onChange={(event) =>
                    onCompare(
                      event.target.checked
                        ? [...compared, version.version].slice(-2)
                        : compared.filter((other) => other !== version.version),
                    )
                  }
                />
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => onShow(version.version)}>
                  version {version.version}
                </button>
              </td>
              <td>
                {version.aliases.map((alias) => (
                  <span key={alias} className="badge badge--up">
                    @{alias}
                  </span>
                ))}
              </td>
              <td>{version.card.algorithm}</td>
              <td>{headline ? `${metricLabel(headline.name)} ${formatMetric(headline.value)}` : '—'}</td>
              <td>{new Date(version.createdAt).toLocaleString()}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The model registry: models, their versions and cards, aliases, comparison and imports. */
export function ModelsPage() {
  const models = useModels();
  const selected = useSelectedItem();
  const selectItem = useUiStore((state) => state.selectItem);
  const canTrain = useUiStore((state) => state.role === 'data-scientist');
  const list = models.data ?? [];
  const name = list.some((model) => model.name === selected) ? selected : list[0]?.name;
  const versionsQuery = useModelVersions(name);
  const versions = versionsQuery.data ?? [];
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const [compared, setCompared] = useState<number[]>([]);
  const shown = versions.find((version) => version.version === shownVersion) ?? versions[0];
  const comparedVersions = versions
    .filter((version) => compared.includes(version.version))
    .sort((a, b) => a.version - b.version);

  const choose = (model: string) => {
    selectItem(model);
    setShownVersion(null);
    setCompared([]);
  };

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Models</h1>
        <p className="page-header__lead">
          Registered models and their versions: each keeps its ONNX file, its signature and a model card. Aliases such
          as champion and challenger name the version to serve; compare two versions side by side.
        </p>
      </header>
      {models.isSuccess && list.length === 0 ? (
        <Panel id="no-models" title="No model yet">
          <EmptyState
            icon={Boxes}
            title="The registry is empty"
            action={canTrain ? <GoToPageButton page="train">Train a model</GoToPageButton> : undefined}
          >
            {canTrain
              ? 'Train a model and register it, or import an ONNX file made elsewhere below.'
              : 'Models arrive when a data scientist registers one from the Train page; you can also import an ONNX file made elsewhere below.'}
          </EmptyState>
        </Panel>
      ) : (
        <div className="models-layout">
          <Panel id="model-list" title="Registered models">
            <ul className="model-list">
              {list.map((model) => (
                <li key={model.name}>
                  <button type="button" aria-current={model.name === name} onClick={() => choose(model.name)}>
                    {model.name}
                    <span className="model-list__meta">
                      v{model.latestVersion} · {model.versionCount} version{model.versionCount === 1 ? '' : 's'}
                      {Object.entries(model.aliases).map(([alias, version]) => (
                        <span key={alias} className="badge">
                          @{alias} v{version}
                        </span>
                      ))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </Panel>
          <div className="page-stack">
            {name ? (
              <Panel id="model-versions" title={`${name}: versions`}>
                {versionsQuery.isPending ? <p className="muted">Loading the versions…</p> : null}
                <ErrorMessage error={versionsQuery.error} />
                <VersionsTable
                  versions={versions}
                  shown={shown?.version ?? 0}
                  compared={compared}
                  onShow={setShownVersion}
                  onCompare={setCompared}
                />
                {compared.length === 1 ? <p className="muted">Tick a second version to compare them.</p> : null}
              </Panel>
            ) : null}
            {comparedVersions.length === 2 ? (
              <Panel
                id="model-compare"
                title={`Version ${comparedVersions[0]?.version} and version ${comparedVersions[1]?.version}`}
              >
                <CompareVersions versions={comparedVersions as [ModelVersion, ModelVersion]} />
              </Panel>
            ) : null}
            {shown ? (
              <Panel id="model-version" title={`${shown.name} version ${shown.version}`}>
                <ModelVersionDetail version={shown} onDeleted={() => setShownVersion(null)} />
              </Panel>
            ) : null}
          </div>
        </div>
      )}
      <ImportModelPanel onImported={choose} />
    </div>
  );
}
