import type { InferenceOutput, TryInferOutcome } from '../../../../shared/contract/serving.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { TableHead } from '../../components/TableHead.js';
import { LookupResult } from '../data-engineer/OnlineLookupPanel.js';
import { formatMilliseconds } from './monitoring-series.js';
import { classifierAnswer, readAnswer } from './oip-response.js';

/** A probability in percent, one decimal (80.9%), and as < 0.1% rather than 0.0% when it is not zero. */
function formatProbability(probability: number): string {
  if (probability > 0 && probability < 0.001) return '< 0.1%';
  return `${(probability * 100).toFixed(1)}%`;
}

function ClassProbabilities({ outputs, classes }: { outputs: InferenceOutput[]; classes: (string | number)[] | null }) {
  const answer = classifierAnswer(outputs, classes);
  if (!answer) return null;
  return (
    <div className="class-answer">
      <p className="class-answer__label">
        Predicted <strong>{answer.label}</strong>
      </p>
      <ul className="class-answer__list" aria-label="Class probabilities">
        {answer.probabilities.map((entry) => (
          <li key={entry.label}>
            <span>{entry.label}</span>
            <ProgressBar label={`Probability of ${entry.label}`} fraction={entry.probability} />
            <span className="data-grid__number">{formatProbability(entry.probability)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const DATA_CHARACTERS = 160;

function OutputsTable({ outputs }: { outputs: InferenceOutput[] }) {
  return (
    <table className="data-grid" aria-label="Outputs">
      <TableHead columns={['Output', 'Type', 'Shape', 'Data']} />
      <tbody>
        {outputs.map((output) => {
          const data = JSON.stringify(output.data);
          return (
            <tr key={output.name}>
              <td>{output.name}</td>
              <td>{output.datatype}</td>
              <td>[{output.shape.join(', ')}]</td>
              <td title={data}>{data.length > DATA_CHARACTERS ? `${data.slice(0, DATA_CHARACTERS - 1)}…` : data}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What a deployment answered to a try-it request: the status and latency, a classifier's verdict, every output, and the features read by entity. */
export function InferenceAnswer({
  outcome,
  classes,
}: {
  outcome: TryInferOutcome;
  classes: (string | number)[] | null;
}) {
  const { response, error } = readAnswer(outcome.status, outcome.body);
  return (
    <div className="inference-answer" role="status">
      <p className="muted">
        <span className={`badge ${outcome.status < 400 ? 'badge--up' : 'badge--failed'}`}>HTTP {outcome.status}</span>{' '}
        in {formatMilliseconds(outcome.latencyMs)} ms
        {response ? ` · ${response.model_name} version ${response.model_version ?? '?'}` : ''}
      </p>
      {error ? <p className="form-error">{error}</p> : null}
      {response ? (
        <>
          <ClassProbabilities outputs={response.outputs} classes={classes} />
          <OutputsTable outputs={response.outputs} />
          {response.entities?.map((lookup) => (
            <LookupResult key={JSON.stringify(lookup.entity)} lookup={lookup} />
          ))}
        </>
      ) : null}
    </div>
  );
}
