import { useEffect, useState } from 'react';
import type { MaterializeProgress } from '../../../../shared/contract/schemas.js';
import { formatCount } from '../../../../shared/format.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useClient } from '../../transport/client-context.js';

const STAGE_TEXT = {
  checking: 'running its quality checks',
  selecting: 'selecting the latest row per entity',
  writing: 'writing to the online store',
} as const;

/** The latest pushed progress of the materialization that is running while `running` is true. */
export function useMaterializeProgress(running: boolean): MaterializeProgress | null {
  const client = useClient();
  const [progress, setProgress] = useState<MaterializeProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!running) return;
    return client.subscribe((event) => {
      if (event.name === 'materializations.progress') setProgress(event.payload);
    });
  }, [client, running]);
  return progress;
}

/** Views done, and within the current view the share of its entities written. */
function completedFraction(progress: MaterializeProgress): number {
  const written =
    progress.stage === 'writing' && progress.entitiesToWrite ? progress.entitiesWritten / progress.entitiesToWrite : 0;
  return (progress.viewIndex + written) / progress.viewCount;
}

export function MaterializeProgressPanel({ progress }: { progress: MaterializeProgress | null }) {
  const fraction = progress ? completedFraction(progress) : 0;
  const waiting = progress?.stage !== 'writing';
  return (
    <div className="job-progress">
      <ProgressBar label="Materialization progress" fraction={fraction} busy={waiting} />
      <div className="job-progress__facts">
        {progress
          ? `View ${progress.viewIndex + 1} of ${progress.viewCount}, ${progress.view}: ${STAGE_TEXT[progress.stage]}${
              progress.stage === 'writing' && progress.entitiesToWrite !== null
                ? ` (${progress.entitiesWritten.toLocaleString('en-US')} of ${formatCount(progress.entitiesToWrite, 'entity', 'entities')})`
                : '…'
            }`
          : 'Starting…'}
      </div>
    </div>
  );
}
