import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Layers } from 'lucide-react';
import { useRef, useState } from 'react';
import type { ApplyOutcome } from '../../../../shared/contract/schemas.js';
import { CodeEditor, type CodeEditorHandle } from '../../components/CodeEditor.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { tokenizeDefinitions } from '../../components/syntax/definitions-tokens.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { useDefinitionsSkeleton, useFeatureCatalog } from '../../hooks/feature-queries.js';
import { useProject } from '../../hooks/queries.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';
import { ConfirmDeletionsDialog } from './ConfirmDeletionsDialog.js';
import { type DefinitionsIntent, DefinitionsOutcome } from './DefinitionsOutcome.js';

interface ApplyRequest {
  dryRun: boolean;
  confirmedDeletions?: { kind: string; name: string }[];
}

export function FeatureViewsPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const catalog = useFeatureCatalog();
  const projectPath = useProject().data?.path;
  const draft = useUiStore((state) => (projectPath ? state.definitionDrafts[projectPath] : undefined));
  const setDraft = useUiStore((state) => state.setDefinitionDraft);
  const noDefinitions = catalog.data?.definitionsYaml === '';
  const skeleton = useDefinitionsSkeleton(noDefinitions);
  // A project without definitions starts from a draft made from its own tables.
  const saved = catalog.data ? (noDefinitions ? (skeleton.data?.yaml ?? null) : catalog.data.definitionsYaml) : null;
  const yaml = draft ?? saved;
  const [intent, setIntent] = useState<DefinitionsIntent>('check');
  const [confirming, setConfirming] = useState<ApplyOutcome['changes'] | null>(null);
  const previewed = useSelectedItem();
  const setPreviewed = useUiStore((state) => state.selectItem);
  const editor = useRef<CodeEditorHandle>(null);
  const apply = useMutation({
    mutationFn: (request: ApplyRequest) => client.invoke('features.apply', { yaml: yaml ?? '', ...request }),
    onSuccess: async (outcome) => {
      if (!outcome.applied) return;
      await queryClient.invalidateQueries();
      if (projectPath) setDraft(projectPath, null);
    },
  });
  const check = () => {
    setIntent('check');
    apply.mutate({ dryRun: true });
  };
  // Apply plans first (a dry run): problems stop it, and deletions wait for the user's confirmation.
  const applyAfterPlan = () => {
    setIntent('apply');
    apply
      .mutateAsync({ dryRun: true })
      .then((plan) => {
        if (plan.problems.length > 0) return;
        if (plan.changes.some((change) => change.action === 'delete')) setConfirming(plan.changes);
        else apply.mutate({ dryRun: false, confirmedDeletions: [] });
      })
      .catch(() => undefined); // shown by apply.error
  };
  const confirmDeletions = (changes: ApplyOutcome['changes']) => {
    setConfirming(null);
    apply.mutate({
      dryRun: false,
      confirmedDeletions: changes
        .filter((change) => change.action === 'delete')
        .map(({ kind, name }) => ({ kind, name })),
    });
  };
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
            ref={editor}
            value={yaml ?? ''}
            onChange={edit}
            label="Feature definitions (YAML)"
            problems={apply.data?.problems ?? []}
            tokenize={tokenizeDefinitions}
          />
          <div className="inline-fields">
            <button type="button" className="button" onClick={check} disabled={apply.isPending}>
              Check
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={applyAfterPlan}
              disabled={apply.isPending || confirming !== null}
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
          {apply.data ? (
            <DefinitionsOutcome
              outcome={apply.data}
              intent={intent}
              onGoTo={(line, column) => editor.current?.focusLine(line, column)}
            />
          ) : null}
          <ErrorMessage error={apply.error} />
          {confirming ? (
            <ConfirmDeletionsDialog
              changes={confirming}
              onConfirm={() => confirmDeletions(confirming)}
              onCancel={() => setConfirming(null)}
            />
          ) : null}
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
