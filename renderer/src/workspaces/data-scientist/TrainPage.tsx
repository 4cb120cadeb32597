import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { TrainResult } from '../../../../shared/contract/jobs.js';
import {
  ALGORITHM_PARAMETERS,
  type Algorithm,
  needsLabel,
  stepName,
  trainingOutcome,
} from '../../../../shared/model-algorithms.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { JobProgressPanel } from '../../components/JobProgressPanel.js';
import { Panel } from '../../components/Panel.js';
import { TablePicker } from '../../components/TablePicker.js';
import { useTables } from '../../hooks/feature-queries.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { CurveChart } from '../../models/CurveChart.js';
import { ModelCardView } from '../../models/ModelCardView.js';
import { useClient } from '../../transport/client-context.js';
import { featureCandidates, suggestAlgorithm, suggestLabel } from './train-form.js';

const ALGORITHM_NAMES: Record<Algorithm, string> = {
  gbdt: 'Gradient-boosted trees (classes or a number)',
  logreg: 'Logistic regression (classes)',
  linreg: 'Linear regression (a number)',
  kmeans: 'k-means (clusters, no label)',
};

interface TrainInput {
  table: string;
  label: string | null;
  algorithm: Algorithm;
  features: string[];
  params: Record<string, string>;
  validTable: string | null;
  validFraction: number;
  seed: number;
  register: string | null;
}

function RegisterResult({ result }: { result: TrainResult }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [name, setName] = useState(result.card.label ? `${result.card.label}_model` : 'model');
  const register = useMutation({
    mutationFn: () => client.invoke('models.registerRun', { runId: result.runId, name }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const registered =
    register.data ?? (result.registered ? { name: result.registered.name, version: result.registered.version } : null);
  if (registered)
    return (
      <p role="status">
        Registered as <strong>{registered.name}</strong> version {registered.version}.{' '}
        <GoToPageButton page="models">Open Models</GoToPageButton>
      </p>
    );
  return (
    <form
      className="inline-fields"
      onSubmit={(event) => {
        event.preventDefault();
        register.mutate();
      }}
    >
      <label>
        Register as
        <input value={name} onChange={(event) => setName(event.target.value)} aria-label="Register as" />
      </label>
      <button type="submit" className="button" disabled={!name.trim() || register.isPending}>
        Register
      </button>
      <ErrorMessage error={register.error} />
    </form>
  );
}

export function TrainPage() {
  const tables = useTables().data ?? [];
  const [table, setTable] = useState('');
  const columns = tables.find((entry) => entry.name === table)?.columns ?? [];
  const [label, setLabel] = useState('');
  const [algorithm, setAlgorithm] = useState<Algorithm>('logreg');
  const [excluded, setExcluded] = useState<string[]>([]);
  const [params, setParams] = useState<Record<string, string>>({});
  const [validFraction, setValidFraction] = useState('0.2');
  const [validTable, setValidTable] = useState('');
  const [seed, setSeed] = useState('0');
  const [register, setRegister] = useState('');
  const [losses, setLosses] = useState<{ x: number; training: number; heldOut?: number }[]>([]);

  // A label brings the algorithm it calls for; a new table brings its suggested label.
  const chooseLabel = (name: string, from = columns) => {
    setLabel(name);
    setAlgorithm(suggestAlgorithm(from.find((column) => column.name === name)));
  };
  const chooseTable = (name: string) => {
    setTable(name);
    setExcluded([]);
    const next = tables.find((entry) => entry.name === name)?.columns ?? [];
    chooseLabel(suggestLabel(next), next);
  };

  const labelled = needsLabel(algorithm);
  const candidates = featureCandidates(columns, labelled ? label : '');
  const features = candidates.filter((name) => !excluded.includes(name));
  const train = useJobRun('train', (client, input: TrainInput) =>
    client.invoke('models.train', {
      ...input,
      // Only the chosen algorithm's parameters: values typed for another one stay in the form, unsent.
      params: Object.fromEntries(
        Object.entries(input.params).filter(
          ([name, value]) =>
            value.trim() !== '' && ALGORITHM_PARAMETERS[input.algorithm].some((spec) => spec.name === name),
        ),
      ),
    }),
  );
  useEffect(() => {
    const counts = train.progress?.counts;
    if (train.progress && counts?.loss !== undefined) {
      const point = { x: train.progress.done, training: counts.loss, heldOut: counts.held_out_loss };
      setLosses((points) => [...points, point]);
    }
  }, [train.progress]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!table || (labelled && !label) || features.length === 0 || train.isPending) return;
    setLosses([]);
    train.mutate({
      table,
      label: labelled ? label : null,
      algorithm,
      features,
      params,
      validTable: validTable || null,
      validFraction: Number(validFraction),
      seed: Number(seed),
      register: register.trim() || null,
    });
  };

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Train</h1>
        <p className="page-header__lead">
          Train a model on a table or training set as it was imported: how to handle missing values, numbers and text
          categories, and a text label's classes, is learned with the model and written inside its ONNX file. It is
          measured on a held-out share of the rows, or on another table with the same columns.
        </p>
      </header>
      <Panel id="train-form" title="Train a model">
        <form className="train-form" onSubmit={submit}>
          <div className="inline-fields">
            <TablePicker
              label="Table or training set"
              value={table}
              tables={tables.map((entry) => entry.name)}
              onChange={chooseTable}
            />
            <label>
              Label (what to predict)
              <select
                value={label}
                onChange={(event) => chooseLabel(event.target.value)}
                aria-label="Label"
                disabled={!table}
              >
                {columns.map((column) => (
                  <option key={column.name} value={column.name}>
                    {column.name} ({column.type})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Algorithm
              <select
                value={algorithm}
                onChange={(event) => setAlgorithm(event.target.value as Algorithm)}
                aria-label="Algorithm"
              >
                {(Object.keys(ALGORITHM_NAMES) as Algorithm[]).map((name) => (
                  <option key={name} value={name}>
                    {ALGORITHM_NAMES[name]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {table ? (
            <fieldset className="train-form__features">
              <legend>
                Features ({features.length} of {candidates.length})
              </legend>
              <div className="feature-picker">
                {candidates.map((name) => (
                  <label key={name}>
                    <input
                      type="checkbox"
                      checked={!excluded.includes(name)}
                      onChange={(event) =>
                        setExcluded(
                          event.target.checked ? excluded.filter((other) => other !== name) : [...excluded, name],
                        )
                      }
                    />
                    {name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <div className="inline-fields">
            {ALGORITHM_PARAMETERS[algorithm].map((spec) => (
              <label key={spec.name} title={spec.description}>
                {spec.name}
                <input
                  value={params[spec.name] ?? ''}
                  placeholder={String(spec.default)}
                  onChange={(event) => setParams({ ...params, [spec.name]: event.target.value })}
                  aria-label={spec.name}
                  aria-description={spec.description}
                  inputMode="decimal"
                  size={8}
                />
              </label>
            ))}
            <label title="Measure the model on rows it did not learn from: a share of this table's, or another table with the same columns">
              Validate on
              <select
                value={validTable}
                onChange={(event) => setValidTable(event.target.value)}
                aria-label="Validate on"
              >
                <option value="">a held-out share of the rows</option>
                {tables
                  .filter((entry) => entry.name !== table)
                  .map((entry) => (
                    <option key={entry.name} value={entry.name}>
                      table {entry.name}
                    </option>
                  ))}
              </select>
            </label>
            {validTable ? null : (
              <label title="The share of rows held out, at random, to measure the model on">
                Held out
                <input
                  value={validFraction}
                  onChange={(event) => setValidFraction(event.target.value)}
                  aria-label="Held-out share"
                  size={5}
                />
              </label>
            )}
            <label title="The same seed holds out the same rows and gives the same model">
              Seed
              <input value={seed} onChange={(event) => setSeed(event.target.value)} aria-label="Seed" size={5} />
            </label>
            <label>
              Register as (optional)
              <input
                value={register}
                onChange={(event) => setRegister(event.target.value)}
                aria-label="Register as (optional)"
                placeholder="model name"
              />
            </label>
            <button
              type="submit"
              className="button button--primary"
              disabled={!table || (labelled && !label) || features.length === 0 || train.isPending}
            >
              {train.isPending ? 'Training…' : 'Train'}
            </button>
          </div>
        </form>
        {train.isPending ? (
          <>
            <JobProgressPanel label="Training progress" progress={train.progress} onCancel={train.cancel} />
            {losses.length > 1 ? (
              <CurveChart
                title={`Loss per ${stepName(algorithm)}, as it trains`}
                xLabel={stepName(algorithm)}
                yLabel="loss"
                series={[
                  { name: 'training loss', points: losses.map((point) => ({ x: point.x, y: point.training })) },
                  ...(losses.some((point) => point.heldOut !== undefined)
                    ? [
                        {
                          name: 'held-out loss',
                          points: losses.flatMap((point) =>
                            point.heldOut === undefined ? [] : [{ x: point.x, y: point.heldOut }],
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ) : null}
          </>
        ) : null}
        <ErrorMessage error={train.error} />
      </Panel>
      {train.data && !train.isPending ? (
        <Panel
          id="train-result"
          title={`${ALGORITHM_NAMES[train.data.card.algorithm as Algorithm] ?? train.data.card.algorithm} on ${train.data.card.trainingTable}`}
        >
          <p role="status">
            {trainingOutcome(train.data.card.algorithm as Algorithm, train.data.converged, train.data.iterations)};{' '}
            {train.data.card.trainingRows?.toLocaleString('en-US')} training rows
            {train.data.card.validationRows
              ? `, measured on ${train.data.card.validationRows.toLocaleString('en-US')} held-out rows`
              : ''}
            .
          </p>
          <ModelCardView card={train.data.card} />
          <RegisterResult result={train.data} />
        </Panel>
      ) : null}
    </div>
  );
}
