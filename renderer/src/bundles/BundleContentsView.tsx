import type { BundleContents } from '../../../shared/contract/bundle-manifest.js';
import { formatCount, groupDigits } from '../../../shared/format.js';

const RUNS_SHOWN = 3;

const listed = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'none');

function FeatureDefinitions({ features }: { features: BundleContents['features'] }) {
  const kinds = [
    ['Entities', features.entities],
    ['Feature views', features.featureViews],
    ['Feature services', features.featureServices],
    ['Quality checks', features.qualityChecks],
  ] as const;
  const present = kinds.filter(([, names]) => names.length > 0);
  if (present.length === 0) return <>none</>;
  return (
    <ul className="bundle-contents__list">
      {present.map(([kind, names]) => (
        <li key={kind}>
          {kind}: {names.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function Runs({ runs }: { runs: BundleContents['runs'] }) {
  if (runs.length === 0) return <>none</>;
  return (
    <ul className="bundle-contents__list">
      {runs.slice(0, RUNS_SHOWN).map((run) => (
        <li key={run.id}>
          <code>{run.id.slice(0, 8)}</code> {run.state}
          {run.finishedAt ? ` ${new Date(run.finishedAt).toLocaleString()}` : ''}
          {Object.keys(run.metrics).length > 0
            ? ` · ${Object.entries(run.metrics)
                .map(([metric, value]) => `${metric} ${Number(value.toFixed(4))}`)
                .join(', ')}`
            : ''}
        </li>
      ))}
      {runs.length > RUNS_SHOWN ? <li>and {formatCount(runs.length - RUNS_SHOWN, 'older run')}</li> : null}
    </ul>
  );
}

/** What a bundle holds, by kind, as its manifest lists it. */
export function BundleContentsView({ contents }: { contents: BundleContents }) {
  return (
    <dl className="facts-list" aria-label="What the bundle holds">
      <dt>Pipeline</dt>
      <dd>
        <strong>{contents.pipeline.name}</strong>
        {contents.pipeline.description ? ` — ${contents.pipeline.description}` : ''}
      </dd>
      <dt>Feature definitions</dt>
      <dd>
        <FeatureDefinitions features={contents.features} />
      </dd>
      <dt>Code</dt>
      <dd>{listed(contents.code)}</dd>
      <dt>Runs</dt>
      <dd>
        <Runs runs={contents.runs} />
      </dd>
      <dt>Model versions</dt>
      <dd>
        {listed(
          contents.models.map(
            (model) =>
              `${model.name} v${model.version}${model.aliases.length > 0 ? ` (${model.aliases.join(', ')})` : ''}`,
          ),
        )}
      </dd>
      <dt>Tables</dt>
      <dd>{listed(contents.tables.map((table) => `${table.name} (${groupDigits(table.rows)} rows)`))}</dd>
      <dt>Training sets</dt>
      <dd>{listed(contents.trainingSets.map((set) => `${set.table} (${groupDigits(set.rows)} rows)`))}</dd>
    </dl>
  );
}
