import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Share2, Workflow } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { STEP_OUTPUTS, type StepKind } from '../../../../shared/contract/pipeline-definition.js';
import { pipelineJsonSchema } from '../../../../shared/contract/pipeline-json-schema.js';
import type { PipelineOutline, PipelineRun } from '../../../../shared/contract/pipeline-runs.js';
import { BUNDLE_SHORTCUTS } from '../../../../shared/desktop-bridge.js';
import { elapsed, formatCount } from '../../../../shared/format.js';
import { MOD_KEY_LABEL } from '../../app/platform.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { newPipelineText } from '../../pipelines/new-pipeline-text.js';
import { PipelineGraph } from '../../pipelines/PipelineGraph.js';
import { usePipelineFile, usePipelineRuns, usePipelines } from '../../pipelines/pipeline-queries.js';
import { RunControls } from '../../pipelines/RunControls.js';
import { SchedulePanel } from '../../pipelines/SchedulePanel.js';
import { StepDetail } from '../../pipelines/StepDetail.js';
import type { JsonSchema } from '../../pipelines/schema-completions.js';
import { useCheckedOutline } from '../../pipelines/use-checked-outline.js';
import { YamlEditor, type YamlEditorHandle } from '../../pipelines/YamlEditor.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';

const SCHEMA = pipelineJsonSchema() as JsonSchema;

/** What `${…}` may name in this pipeline: its parameters and its steps' outputs. */
function referencesOf(outline: PipelineOutline | null): string[] {
  if (!outline) return [];
  return [
    ...outline.parameters.map((parameter) => `params.${parameter.name}`),
    ...outline.steps.flatMap((step) =>
      Object.keys(STEP_OUTPUTS[step.kind as Exclude<StepKind, 'command'>] ?? {}).map(
        (output) => `steps.${step.name}.${output}`,
      ),
    ),
  ];
}

function NewPipelineForm({ onCreated }: { onCreated(file: string): void }) {
  const client = useClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (file: string) =>
      client.invoke('pipelines.save', {
        file,
        text: newPipelineText(file.replace(/\.ya?ml$/i, '').replace(/\W/g, '_')),
        create: true,
      }),
    onSuccess: (saved) => {
      setName('');
      onCreated(saved.file);
    },
  });
  return (
    <form
      className="inline-fields"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) create.mutate(name.trim());
      }}
    >
      <label>
        <span>New pipeline</span>
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder="file name, e.g. churn" />
      </label>
      <button type="submit" className="button" disabled={!name.trim() || create.isPending}>
        Create
      </button>
      <ErrorMessage error={create.error} />
    </form>
  );
}

function RunPicker({
  runs,
  shown,
  onShow,
}: {
  runs: PipelineRun[];
  shown: PipelineRun | undefined;
  onShow(id: string): void;
}) {
  if (runs.length === 0) return <p className="panel__text">Not run yet: Run draws each step’s state here.</p>;
  if (!shown) return <p className="panel__text">Starting the run…</p>;
  return (
    <div className="inline-fields">
      <label>
        <span>Run shown</span>
        <select value={shown?.id ?? ''} onChange={(event) => onShow(event.target.value)}>
          {runs.map((run) => (
            <option key={run.id} value={run.id}>
              {run.id.slice(0, 8)} · {run.state} · {new Date(run.startedAt).toLocaleString()} ·{' '}
              {elapsed(run.startedAt, run.finishedAt)} · {run.reason}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The editor, graph and runs of one pipeline file. */
function PipelineWorkbench({ file }: { file: string }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const saved = usePipelineFile(file);
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? saved.data?.text ?? null;
  const { checked, drawn } = useCheckedOutline(text);
  // The last outline without problems: the graph stays drawn while the text is briefly broken.
  const outline = drawn ?? saved.data?.outline ?? null;
  const name = saved.data?.outline.name || file.replace(/\.ya?ml$/i, '');
  const runs = usePipelineRuns(name).data ?? [];
  const [shownRunId, setShownRunId] = useState<string | null>(null);
  // A run just started is shown once its first record arrives, never an older run meanwhile.
  const shownRun = shownRunId === null ? runs[0] : runs.find((run) => run.id === shownRunId);
  const [step, setStep] = useState<string | null>(null);
  const editor = useRef<YamlEditorHandle>(null);
  const dirty = draft !== null && draft !== saved.data?.text;

  const save = useMutation({
    mutationFn: (saving: string) => client.invoke('pipelines.save', { file, text: saving, create: false }),
    onSuccess: (result) => {
      queryClient.setQueryData(['pipelines.get', { pipeline: file }], result);
      // What the file says about when it runs may have changed with it.
      void queryClient.invalidateQueries({ queryKey: ['pipelines.schedules'] });
      // Keystrokes made while it saved stay a draft.
      setDraft((current) => (current === result.text ? null : current));
    },
  });
  // A run started from here shows at once, with its steps coloured as they go.
  const showStarted = (runId: string) => setShownRunId(runId);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // The editor saves its own text on Ctrl+S (and marks the key handled); this is for the rest of the page.
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's' && !event.defaultPrevented) {
        event.preventDefault();
        if (dirty && text !== null) save.mutate(text);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [dirty, save, text]);

  if (saved.error) return <ErrorMessage error={saved.error} />;
  if (!saved.data || text === null) return <p className="panel__text">Loading the pipeline…</p>;
  const problems = checked?.problems ?? saved.data.outline.problems;
  const chosenStep = outline?.steps.find((candidate) => candidate.name === step);

  return (
    <div className="pipeline-workbench">
      <div className="pipeline-workbench__run">
        <RunControls
          pipeline={name}
          outline={outline}
          runnable={problems.length === 0}
          unsaved={dirty}
          saveFirst={() => save.mutateAsync(text ?? '')}
          running={shownRun?.state === 'running' ? shownRun : null}
          resumable={shownRun && ['failed', 'cancelled', 'interrupted'].includes(shownRun.state) ? shownRun : null}
          onStarted={showStarted}
        />
      </div>
      <div className="pipeline-workbench__columns">
        <Panel id="pipeline-graph" title="Steps">
          <RunPicker runs={runs} shown={shownRun} onShow={setShownRunId} />
          {shownRun?.error ? (
            <p className="form-error" role="alert">
              {shownRun.error}
            </p>
          ) : null}
          {outline && outline.steps.length > 0 ? (
            <PipelineGraph
              outline={outline}
              steps={shownRun?.steps ?? []}
              selected={step}
              onSelect={(name) => setStep(name === step ? null : name)}
            />
          ) : (
            <p className="panel__text">The graph appears once the YAML is valid.</p>
          )}
          {chosenStep ? (
            <StepDetail
              step={chosenStep}
              run={shownRun?.steps.find((candidate) => candidate.step === chosenStep.name)}
              onClose={() => setStep(null)}
            />
          ) : (
            <p className="panel__hint">Click a step for its log, outputs, metrics and cache key.</p>
          )}
        </Panel>
        <div className="page-stack">
          <Panel id="pipeline-yaml" title={`pipelines/${file}`}>
            <YamlEditor
              ref={editor}
              value={text}
              onChange={setDraft}
              onSave={(current) => save.mutate(current)}
              label="Pipeline definition (YAML)"
              problems={problems}
              schema={SCHEMA}
              references={referencesOf(outline)}
            />
            <div className="inline-fields">
              <button
                type="button"
                className="button button--primary"
                onClick={() => save.mutate(text)}
                disabled={!dirty || save.isPending}
                title="Save (Ctrl+S)"
              >
                Save
              </button>
              {dirty ? (
                <>
                  <button type="button" className="button" onClick={() => setDraft(null)}>
                    Discard edits
                  </button>
                  <span className="unsaved-note" role="note">
                    Unsaved edits
                  </span>
                </>
              ) : null}
              <span className="panel__hint">
                Ctrl+Space completes keys, kinds and ${'{'}…{'}'} references.
              </span>
            </div>
            {problems.length > 0 ? (
              <ul className="problem-list" aria-label="Problems">
                {problems.map((problem) => (
                  <li key={`${problem.line}-${problem.message}`}>
                    <button
                      type="button"
                      className="problem-list__line"
                      onClick={() => problem.line && editor.current?.focusLine(problem.line)}
                    >
                      {problem.line ? `line ${problem.line}` : 'file'}
                    </button>{' '}
                    {problem.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <ErrorMessage error={save.error} />
          </Panel>
          <Panel id="pipeline-schedule" title="Schedule and triggers">
            <SchedulePanel pipeline={name} onShowRun={setShownRunId} />
          </Panel>
        </div>
      </div>
    </div>
  );
}

export function PipelinesPage() {
  const pipelines = usePipelines();
  const chosen = useSelectedItem();
  const choose = useUiStore((state) => state.selectItem);
  const list = pipelines.data ?? [];
  const file = useMemo(() => {
    const match = list.find((entry) => entry.file === chosen || (entry.valid && entry.name === chosen));
    return match?.file ?? list[0]?.file;
  }, [list, chosen]);
  const shown = list.find((entry) => entry.file === file);
  const shownName = shown?.valid ? shown.name : null;
  const setSharing = useUiStore((state) => state.setSharing);

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Pipelines</h1>
        <p className="page-header__lead">
          Data preparation, training and evaluation as a re-runnable pipeline (YAML in the project’s pipelines folder).
          Each run records its steps, logs, metrics and models; unchanged steps reuse their earlier outputs.
        </p>
      </header>
      <div className="inline-fields pipeline-picker">
        {list.length > 0 ? (
          <label>
            <span>Pipeline</span>
            <select value={file ?? ''} onChange={(event) => choose(event.target.value)}>
              {list.map((entry) => (
                <option key={entry.file} value={entry.file}>
                  {entry.valid ? `${entry.name} (${formatCount(entry.steps, 'step')})` : `${entry.file} (has problems)`}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {shownName ? (
          <button
            type="button"
            className="button"
            onClick={() => setSharing({ pipeline: shownName })}
            title={`Share ${shownName} as a bundle file (${MOD_KEY_LABEL}+Shift+${BUNDLE_SHORTCUTS.share})`}
          >
            <Share2 size={14} aria-hidden /> Share…
          </button>
        ) : null}
        <NewPipelineForm onCreated={choose} />
      </div>
      <ErrorMessage error={pipelines.error} />
      {pipelines.data && list.length === 0 ? (
        <EmptyState icon={Workflow} title="No pipelines yet">
          Create one above: it starts as a one-step pipeline to edit, with completion for every step kind. See
          docs/pipelines.md for the steps a pipeline can take.
        </EmptyState>
      ) : null}
      {file ? <PipelineWorkbench key={file} file={file} /> : null}
    </div>
  );
}
