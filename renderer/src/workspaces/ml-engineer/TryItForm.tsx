import { type FormEvent, useEffect, useId, useState } from 'react';
import type { ModelVersion } from '../../../../shared/contract/schemas.js';
import { ownValue } from '../../../../shared/own-value.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { InferenceAnswer } from './InferenceAnswer.js';
import { fieldKind, inferRequest } from './oip-request.js';
import { useTrainingRow } from './training-row.js';
import { useTryInfer } from './use-try-infer.js';

function InputField({
  name,
  datatype,
  value,
  error,
  onChange,
}: {
  name: string;
  datatype: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const kind = fieldKind(datatype);
  const id = useId();
  return (
    <div className="try-form__field">
      <label htmlFor={id}>
        {name} <span className="try-form__type">{datatype}</span>
      </label>
      {kind === 'boolean' ? (
        <select id={id} value={value || 'false'} onChange={(event) => onChange(event.target.value)}>
          <option value="false">false</option>
          <option value="true">true</option>
        </select>
      ) : (
        <input
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          inputMode={kind === 'text' ? 'text' : 'decimal'}
          placeholder={kind === 'text' ? 'text' : kind === 'integer' ? 'whole number' : 'number'}
          size={12}
        />
      )}
      {error ? <span className="try-form__error">{error}</span> : null}
    </div>
  );
}

/** A form with one field per input of the version's signature; sends one row and shows the answer. */
export function TryItForm({ reference, version }: { reference: string; version: ModelVersion }) {
  const inputs = version.signature.inputs;
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const tryInfer = useTryInfer();
  const training = useTrainingRow(version);
  // A row the model was trained on is a sensible first question; the user edits it from there.
  useEffect(() => {
    if (training.row) {
      setValues(training.row);
      setErrors({});
    }
  }, [training.row]);
  const unfillable = inputs.filter((tensor) => fieldKind(tensor.datatype) === null);

  if (unfillable.length > 0)
    return (
      <p className="panel__text">
        This model takes {unfillable.map((tensor) => `${tensor.name} (${tensor.datatype})`).join(', ')}, which a form
        cannot fill: send it with the curl command above.
      </p>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = inferRequest(inputs, values);
    setErrors(built.errors ?? {});
    if (built.request) tryInfer.mutate({ reference, body: built.request });
  };

  return (
    <form onSubmit={submit} aria-label="Try it">
      <div className={Object.keys(errors).length > 0 ? 'inline-fields try-form__fields--with-errors' : 'inline-fields'}>
        {inputs.map((tensor) => (
          <InputField
            key={tensor.name}
            name={tensor.name}
            datatype={tensor.datatype}
            value={ownValue(values, tensor.name) ?? ''}
            error={ownValue(errors, tensor.name)}
            onChange={(value) => setValues({ ...values, [tensor.name]: value })}
          />
        ))}
        <button type="submit" className="button button--primary" disabled={tryInfer.isPending}>
          {tryInfer.isPending ? 'Sending…' : 'Predict'}
        </button>
      </div>
      {training.row ? (
        <p className="panel__hint">
          Filled with row {(training.position + 1).toLocaleString('en-US')} of {training.table}, which this version was
          trained on; edit any field.{' '}
          {training.another ? (
            <button type="button" className="link-button" onClick={training.another}>
              Another training row
            </button>
          ) : null}
        </p>
      ) : null}
      <ErrorMessage error={tryInfer.error} />
      {tryInfer.data ? <InferenceAnswer outcome={tryInfer.data} classes={version.card.classes} /> : null}
    </form>
  );
}
