import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Layers } from 'lucide-react';
import { useState } from 'react';
import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { CodeEditor } from '../../components/CodeEditor.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { tokenizeDefinitions } from '../../components/syntax/definitions-tokens.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { useFeatureCatalog } from '../../hooks/feature-queries.js';
import { useProject } from '../../hooks/queries.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';

const STARTER = `entities:
  - name: airport
    join_keys: [origin]
feature_views:
  - name: airport_departures
    entities: [airport]
    source: SELECT origin, date AS departed_at, delay, distance FROM flights
    timestamp_field: departed_at
    ttl: 1d
feature_services:
  - name: delay_model
    features: [airport_departures]
`;

const MARK = { create: '+', update: '~', delete: '−', unchanged: '·' } as const;

function Outcome({ outcome, dryRun }: { outcome: ApplyOutcome; dryRun: boolean }) {
  if (outcome.problems.length > 0) {
    return (
      <div role="alert" className="form-error">
        <strong>
          {outcome.problems.length === 1 ? 'One problem' : `${outcome.problems.length} problems`}; nothing was applied:
        </strong>
        <ul className="problem-list">
          {outcome.problems.map((problem) => (
            <li key={`${problem.line}-${problem.message}`}>
              {problem.line ? <span className="problem-list__line">line {problem.line}</span> : null} {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const changed = outcome.changes.filter((change) => change.action !== 'unchanged');
  return (
    <div role="status" className="apply-outcome">
      <p>
        {changed.length === 0
          ? 'Valid. Nothing to change.'
          : dryRun
            ? `Valid. Applying would make ${changed.length} changes:`
            : `Applied ${changed.length} changes:`}
      </p>
      <ul className="change-list">
        {changed.map((change) => (
          <li key={`${change.kind}-${change.name}`} className={`change-list__${change.action}`}>
            {MARK[change.action]} {change.kind} <strong>{change.name}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FeatureViewsPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const catalog = useFeatureCatalog();
  const projectPath = useProject().data?.path;
  const draft = useUiStore((state) => (projectPath ? state.definitionDrafts[projectPath] : undefined));
  const setDraft = useUiStore((state) => state.setDefinitionDraft);
  const saved = catalog.data ? catalog.data.definitionsYaml || STARTER : null;
  const yaml = draft ?? saved;
  const [lastDryRun, setLastDryRun] = useState(true);
  const previewed = useSelectedItem();
  const setPreviewed = useUiStore((state) => state.selectItem);
  const apply = useMutation({
    mutationFn: (dryRun: boolean) => {
      setLastDryRun(dryRun);
      return client.invoke('features.apply', { yaml: yaml ?? '', dryRun });
    },
    onSuccess: async (outcome) => {
      if (!outcome.applied) return;
      await queryClient.invalidateQueries();
      if (projectPath) setDraft(projectPath, null);
    },
  });
  const edit = (text: string) => {
    if (projectPath) setDraft(projectPath, text === saved ? null : text);
  };

  const views = catalog.data?.featureViews ?? [];
  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Feature views</h1>
        <p className="page-header__lead">
          Entities, feature views (SQL over your tables, with an event timestamp and a TTL), feature services and
          quality checks, declared as YAML. Check validates everything against the project; Apply makes the project hold
          exactly these definitions.
        </p>
      </header>
      <div className="feature-layout">
        <Panel id="definitions" title="Definitions">
          <CodeEditor
            value={yaml ?? ''}
            onChange={edit}
            label="Feature definitions (YAML)"
            problems={apply.data?.problems ?? []}
            tokenize={tokenizeDefinitions}
          />
          <div className="inline-fields">
            <button type="button" className="button" onClick={() => apply.mutate(true)} disabled={apply.isPending}>
              Check
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => apply.mutate(false)}
              disabled={apply.isPending}
            >
              Apply
            </button>
            {draft !== undefined && projectPath ? (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => setDraft(projectPath, null)}
                  disabled={apply.isPending}
                >
                  Discard edits
                </button>
                <span className="unsaved-note" role="note">
                  Unsaved edits, kept across pages until you Apply or discard them.
                </span>
              </>
            ) : null}
          </div>
          {apply.data ? <Outcome outcome={apply.data} dryRun={lastDryRun} /> : null}
          <ErrorMessage error={apply.error} />
        </Panel>
        <Panel id="catalog" title="In this project">
          {views.length === 0 ? (
            <EmptyState icon={Layers} title="No feature views yet">
              Write definitions on the left, Check them, then Apply.
            </EmptyState>
          ) : (
            <ul className="catalog-list">
              {(catalog.data?.entities ?? []).map((entity) => (
                <li key={entity.name} className="catalog-card catalog-card--entity">
                  <div className="catalog-card__title">
                    <strong>{entity.name}</strong>
                    <span className="badge">entity</span>
                  </div>
                  <div className="catalog-card__meta">join key {entity.joinKeys.join(', ')}</div>
                  {entity.description ? <div className="catalog-card__meta">{entity.description}</div> : null}
                </li>
              ))}
              {views.map((view) => (
                <li key={view.name} className="catalog-card">
                  <div className="catalog-card__title">
                    <strong>{view.name}</strong>
                    <span className="badge">{view.online ? 'online' : 'offline'}</span>
                  </div>
                  <div className="catalog-card__meta">
                    entity {view.entities.join(', ')} · key {view.joinKeys.join(', ')} · time {view.timestampField} ·
                    TTL {String(view.ttl) === '0' ? 'none' : view.ttl}
                  </div>
                  <div className="catalog-card__features">{view.features.join(', ')}</div>
                  {view.description ? <div className="catalog-card__meta">{view.description}</div> : null}
                  <button
                    type="button"
                    className="button button--ghost catalog-card__action"
                    onClick={() => setPreviewed(view.name)}
                  >
                    Preview rows
                  </button>
                </li>
              ))}
              {(catalog.data?.services ?? []).map((service) => (
                <li key={service.name} className="catalog-card catalog-card--service">
                  <div className="catalog-card__title">
                    <strong>{service.name}</strong>
                    <span className="badge">service</span>
                  </div>
                  <div className="catalog-card__features">{service.features.join(', ')}</div>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      {previewed ? (
        <Panel id="view-preview" title={`Rows of ${previewed}`}>
          <VirtualGrid source={previewed} filter="" />
        </Panel>
      ) : null}
    </div>
  );
}
