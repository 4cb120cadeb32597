import { Boxes } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { DeploymentSettings } from '../../../../shared/contract/serving.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { useModels, useModelVersions } from '../../hooks/model-queries.js';
import { useMethodMutation } from '../../hooks/queries.js';

const DEFAULTS = DeploymentSettings.parse({});

const SETTING_FIELDS: { key: keyof DeploymentSettings; label: string; min: number; title: string }[] = [
  { key: 'maxBatchRows', label: 'Max batch rows', min: 1, title: 'Rows run as one batch at most' },
  {
    key: 'batchWindowMicros',
    label: 'Batch window (µs)',
    min: 0,
    title: 'How long a batch waits for more requests once the model is free; 0 takes what has arrived',
  },
  {
    key: 'maxConcurrency',
    label: 'Max concurrency',
    min: 1,
    title: 'Requests queued or running at most; beyond it a request is refused with 503',
  },
];

/** Which version of a model to serve: '' its newest, `@alias` what an alias points at, `:N` one version. */
function ServedPicker({ model, value, onChange }: { model: string; value: string; onChange(value: string): void }) {
  const versions = useModelVersions(model).data ?? [];
  return (
    <label>
      Serve
      <select value={value} onChange={(event) => onChange(event.target.value)} aria-label="Serve">
        <option value="">
          Newest version{versions[0] ? ` (v${versions[0].version} now)` : ''}, following new ones
        </option>
        {versions.flatMap((version) =>
          version.aliases.map((alias) => (
            <option key={alias} value={`@${alias}`}>
              @{alias} (v{version.version} now), following the alias
            </option>
          )),
        )}
        {versions.map((version) => (
          <option key={version.version} value={`:${version.version}`}>
            Version {version.version} only
          </option>
        ))}
      </select>
    </label>
  );
}

/** Deploys a registered model (or changes a deployment's settings): the newest version, an alias or a version. */
export function DeployForm({ onDeployed }: { onDeployed(reference: string): void }) {
  const models = useModels();
  const [chosen, setChosen] = useState('');
  const [served, setServed] = useState('');
  const [settings, setSettings] = useState<Record<keyof DeploymentSettings, string>>({
    maxBatchRows: String(DEFAULTS.maxBatchRows),
    batchWindowMicros: String(DEFAULTS.batchWindowMicros),
    maxConcurrency: String(DEFAULTS.maxConcurrency),
  });
  const deploy = useMethodMutation('serving.deploy');
  const list = models.data ?? [];
  const model = list.some((entry) => entry.name === chosen) ? chosen : (list[0]?.name ?? '');

  if (models.isSuccess && list.length === 0)
    return (
      <EmptyState
        icon={Boxes}
        title="No model to deploy"
        action={<GoToPageButton page="registry">Open the model registry</GoToPageButton>}
      >
        Models arrive when a data scientist registers one, or when an ONNX file is imported in the model registry.
      </EmptyState>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const reference = `${model}${served}`;
    deploy.mutate(
      {
        reference,
        settings: {
          maxBatchRows: Number(settings.maxBatchRows),
          batchWindowMicros: Number(settings.batchWindowMicros),
          maxConcurrency: Number(settings.maxConcurrency),
        },
      },
      { onSuccess: (deployment) => onDeployed(deployment.reference) },
    );
  };

  return (
    <form className="deploy-form" onSubmit={submit}>
      <div className="inline-fields">
        <label>
          Model
          <select
            value={model}
            onChange={(event) => {
              setChosen(event.target.value);
              setServed('');
            }}
            aria-label="Model"
          >
            {list.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        {model ? <ServedPicker model={model} value={served} onChange={setServed} /> : null}
        <button type="submit" className="button button--primary" disabled={!model || deploy.isPending}>
          {deploy.isPending ? 'Deploying…' : `Deploy ${model}${served}`}
        </button>
      </div>
      <details className="deploy-form__advanced">
        <summary>Batching and limits</summary>
        <div className="inline-fields">
          {SETTING_FIELDS.map((field) => (
            <label key={field.key} title={field.title}>
              {field.label}
              <input
                type="number"
                min={field.min}
                step={1}
                required
                value={settings[field.key]}
                onChange={(event) => setSettings({ ...settings, [field.key]: event.target.value })}
                aria-label={field.label}
              />
            </label>
          ))}
        </div>
        <p className="panel__hint">
          Deploying a reference that is already served changes its settings. Requests are never split across batches.
        </p>
      </details>
      <ErrorMessage error={deploy.error} />
    </form>
  );
}
