import { useMutation } from '@tanstack/react-query';
import { Play, RotateCcw, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { PipelineOutline, PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useClient } from '../transport/client-context.js';

type Parameter = PipelineOutline['parameters'][number];
type Value = string | number | boolean;

function ParameterField({
  parameter,
  value,
  onChange,
}: {
  parameter: Parameter;
  value: Value | undefined;
  onChange(value: Value): void;
}) {
  const shown = value ?? parameter.default;
  if (parameter.type === 'boolean')
    return (
      <label className="inline-fields__check" title={parameter.description}>
        <input type="checkbox" checked={shown === true} onChange={(event) => onChange(event.target.checked)} />
        <span>{parameter.name}</span>
      </label>
    );
  return (
    <label title={parameter.description}>
      <span>{parameter.name}</span>
      <input
        className="run-controls__value"
        inputMode={parameter.type === 'string' ? 'text' : 'decimal'}
        value={shown === null || shown === undefined ? '' : String(shown)}
        placeholder={parameter.type}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

/**
 * Run with parameters (their defaults filled in; the backend checks the types), and cancel or
 * resume the run shown. Edits not saved yet are saved before the run, which reads the file.
 */
export function RunControls({
  pipeline,
  outline,
  runnable,
  unsaved,
  saveFirst,
  running,
  resumable,
  onStarted,
}: {
  pipeline: string;
  outline: PipelineOutline | null;
  runnable: boolean;
  unsaved: boolean;
  saveFirst(): Promise<unknown>;
  running: PipelineRun | null;
  resumable: PipelineRun | null;
  onStarted(runId: string): void;
}) {
  const client = useClient();
  const [values, setValues] = useState<Record<string, Value>>({});
  const run = useMutation({
    mutationFn: async () => {
      if (unsaved) await saveFirst();
      return client.invoke('pipelines.run', { pipeline, params: values });
    },
    onSuccess: ({ runId }) => onStarted(runId),
  });
  const cancel = useMutation({ mutationFn: (id: string) => client.invoke('pipelineRuns.cancel', { id }) });
  const resume = useMutation({
    mutationFn: (id: string) => client.invoke('pipelineRuns.resume', { id }),
    onSuccess: ({ runId }) => onStarted(runId),
  });
  const canRun = runnable && !run.isPending;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && canRun) {
        event.preventDefault();
        run.mutate();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canRun, run]);

  return (
    <section className="run-controls" aria-label="Run the pipeline">
      <form
        className="inline-fields"
        onSubmit={(event) => {
          event.preventDefault();
          if (canRun) run.mutate();
        }}
      >
        {(outline?.parameters ?? []).map((parameter) => (
          <ParameterField
            key={parameter.name}
            parameter={parameter}
            value={values[parameter.name]}
            onChange={(value) => setValues((current) => ({ ...current, [parameter.name]: value }))}
          />
        ))}
        <button type="submit" className="button button--primary" disabled={!canRun} title="Run (Ctrl+Enter)">
          <Play size={14} aria-hidden /> {unsaved ? 'Save and run' : 'Run'}
        </button>
        {running ? (
          <button
            type="button"
            className="button button--danger"
            onClick={() => cancel.mutate(running.id)}
            disabled={cancel.isPending}
          >
            <Square size={14} aria-hidden /> Cancel run
          </button>
        ) : null}
        {resumable ? (
          <button
            type="button"
            className="button"
            onClick={() => resume.mutate(resumable.id)}
            disabled={resume.isPending}
            title="Run again from the steps that did not succeed, reusing the others"
          >
            <RotateCcw size={14} aria-hidden /> Resume {resumable.state} run
          </button>
        ) : null}
        {!runnable ? <span className="panel__hint">Fix the problems in the YAML to run it.</span> : null}
      </form>
      <ErrorMessage error={run.error ?? cancel.error ?? resume.error} />
    </section>
  );
}
