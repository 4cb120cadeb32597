import { RefreshCw } from 'lucide-react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useMethodMutation } from '../../hooks/queries.js';
import { usePipelines } from '../../pipelines/pipeline-queries.js';
import { useUiStore } from '../../state/ui-store.js';

/** Starts the pipeline that produced the served version again, and leads to its run when one started. */
export function RetrainButton({ reference }: { reference: string }) {
  const retrain = useMethodMutation('serving.retrain');
  const pipelines = usePipelines().data ?? [];
  const openPage = useUiStore((state) => state.openPage);
  const outcome = retrain.data;
  const file = pipelines.find((entry) => entry.valid && entry.name === outcome?.pipeline)?.file;
  return (
    <div className="inline-fields">
      <button
        type="button"
        className="button"
        disabled={retrain.isPending}
        onClick={() => retrain.mutate({ model: reference })}
        title="Run the pipeline that trained this version again, on the data as it is now"
      >
        <RefreshCw size={14} aria-hidden /> {retrain.isPending ? 'Starting…' : `Retrain ${reference}`}
      </button>
      {outcome ? (
        <span className="retrain-outcome" role="status">
          {outcome.message}
        </span>
      ) : null}
      {outcome?.runId ? (
        <button type="button" className="link-button" onClick={() => openPage('data-scientist', 'pipelines', file)}>
          Open the run on the Pipelines page
        </button>
      ) : null}
      <ErrorMessage error={retrain.error} />
    </div>
  );
}
