import { CheckCircle2, Workflow } from 'lucide-react';
import type { BundleImportResult } from '../../../shared/contract/bundles.js';
import { TableHead } from '../components/TableHead.js';

type Decision = BundleImportResult['decisions'][number];

function whatWasDone(decision: Decision): string {
  switch (decision.action) {
    case 'new':
      return 'added';
    case 'identical':
      return 'already here, unchanged';
    case 'overwrite':
      return 'replaced the project’s';
    case 'rename':
      return `added as ${decision.as}`;
    case 'skip':
      return 'skipped: the project’s kept';
  }
}

/** What an import did with each item, the model versions it registered, and a way to the imported pipeline. */
export function BundleImportOutcome({
  result,
  onOpenPipeline,
}: {
  result: BundleImportResult;
  onOpenPipeline(): void;
}) {
  return (
    <>
      <section aria-label="Import result" className="bundle-outcome">
        <p className="bundle-outcome__title">
          <CheckCircle2 size={18} aria-hidden /> Imported the pipeline {result.pipeline} (pipelines/{result.file})
        </p>
        <p className="panel__text">
          Model versions registered: {result.models.length > 0 ? result.models.join(', ') : 'none'}
        </p>
        <div className="grid-scroll">
          <table className="data-grid" aria-label="What the import did">
            <TableHead columns={['Kind', 'Name', 'Done']} />
            <tbody>
              {result.decisions.map((decision) => (
                <tr key={`${decision.kind}:${decision.name}`}>
                  <td>{decision.kind}</td>
                  <td>
                    <code>{decision.name}</code>
                  </td>
                  <td>{whatWasDone(decision)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <footer className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onOpenPipeline}>
          <Workflow size={15} aria-hidden /> Open {result.pipeline} on the Pipelines page
        </button>
      </footer>
    </>
  );
}
