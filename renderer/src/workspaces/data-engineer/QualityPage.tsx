import { useQuery } from '@tanstack/react-query';
import { ShieldCheck } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useJobRun } from '../../hooks/job-hooks.js';
import { useClient } from '../../transport/client-context.js';

const STATUS_BADGE = { passed: 'up', failed: 'failed', error: 'failed' } as const;

export function QualityPage() {
  const client = useClient();
  const results = useQuery({ queryKey: ['quality.results', {}], queryFn: () => client.invoke('quality.results', {}) });
  const run = useJobRun<'quality-run', void>('quality-run', (started) => started.invoke('quality.run', {}));
  const failing = (results.data ?? []).filter((result) => result.status !== 'passed').length;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Data quality</h1>
        <p className="page-header__lead">
          Checks declared with the feature definitions run after each import of their table and before each
          materialization of their feature view; a failing blocking check stops that materialization.
        </p>
      </header>
      <Panel id="quality-results" title={results.data ? `${results.data.length} checks, ${failing} failing` : 'Checks'}>
        {results.data && results.data.length === 0 ? (
          <EmptyState
            icon={ShieldCheck}
            title="No quality checks yet"
            action={<GoToPageButton page="feature-views">Add checks in Feature views</GoToPageButton>}
          >
            Declare checks (not null, range, unique, allowed values, regex, freshness) under quality_checks.
          </EmptyState>
        ) : (
          <table className="data-grid data-grid--wrap">
            <TableHead columns={['Status', 'Check', 'On', 'What was found', 'When']} />
            <tbody>
              {(results.data ?? []).map((result) => (
                <tr key={result.check}>
                  <td>
                    <span className={`badge badge--${STATUS_BADGE[result.status]}`}>{result.status}</span>
                  </td>
                  <td>
                    {result.check}
                    <div className="catalog-card__meta">
                      {result.kind}
                      {result.blocking ? ', blocking' : ''}
                    </div>
                  </td>
                  <td>
                    {result.target}.{result.column}
                  </td>
                  <td>{result.detail}</td>
                  <td>
                    {new Date(result.checkedAt).toLocaleString()}
                    <div className="catalog-card__meta">{result.trigger}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button type="button" className="button button--primary" onClick={() => run.mutate()} disabled={run.isPending}>
          {run.isPending ? 'Running…' : 'Run all checks now'}
        </button>
      </Panel>
    </div>
  );
}
