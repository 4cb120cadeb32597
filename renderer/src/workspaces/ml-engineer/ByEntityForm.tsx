import { type FormEvent, useEffect, useState } from 'react';
import type { ModelVersion } from '../../../../shared/contract/schemas.js';
import { ownValue } from '../../../../shared/own-value.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useFeatureCatalog } from '../../hooks/feature-queries.js';
import { serviceJoinKeys } from '../data-engineer/online-lookup-keys.js';
import { InferenceAnswer } from './InferenceAnswer.js';
import { useTrainingRow } from './training-row.js';
import { useTryInfer } from './use-try-infer.js';

/**
 * Predicts for an entity by its keys: the model server reads its features of the model's feature
 * service from the online store, and the answer shows each value with its status.
 */
export function ByEntityForm({
  reference,
  version,
  service,
}: {
  reference: string;
  version: ModelVersion;
  service: string;
}) {
  const catalog = useFeatureCatalog();
  const keys = catalog.data ? serviceJoinKeys(catalog.data, service) : [];
  const [values, setValues] = useState<Record<string, string>>({});
  const tryInfer = useTryInfer();
  // An entity the model was trained on has features in the online store once materialized.
  const training = useTrainingRow(version, keys);
  useEffect(() => {
    if (training.row) setValues(training.row);
  }, [training.row]);

  if (catalog.data && keys.length === 0)
    return (
      <p className="panel__text">
        The feature service {service} is not in the project's definitions any more, so its entities' keys are unknown.
      </p>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entity = Object.fromEntries(keys.map((key) => [key, ownValue(values, key)?.trim() ?? '']));
    tryInfer.mutate({ reference, body: { entities: [entity] }, byEntity: true });
  };

  return (
    <form onSubmit={submit} aria-label="Predict by entity">
      <ErrorMessage error={catalog.error} />
      <div className="inline-fields">
        {keys.map((key) => (
          <label key={key}>
            {key}
            <input
              value={ownValue(values, key) ?? ''}
              onChange={(event) => setValues({ ...values, [key]: event.target.value })}
              aria-label={key}
              placeholder={key}
            />
          </label>
        ))}
        <button
          type="submit"
          className="button button--primary"
          disabled={tryInfer.isPending || keys.length === 0 || keys.some((key) => !ownValue(values, key)?.trim())}
        >
          {tryInfer.isPending ? 'Sending…' : 'Predict for this entity'}
        </button>
      </div>
      <ErrorMessage error={tryInfer.error} />
      {tryInfer.data ? <InferenceAnswer outcome={tryInfer.data} classes={version.card.classes} /> : null}
    </form>
  );
}
