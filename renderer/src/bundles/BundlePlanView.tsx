import { Fragment } from 'react';
import type { BundlePlanSummary } from '../../../shared/contract/bundles.js';
import { formatBytes, formatCount } from '../../../shared/format.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { groupPlanEntries } from './plan-groups.js';

/** What an export would write, by group with sizes and the total, and the files it must leave out. */
export function BundlePlanView({ plan, error }: { plan: BundlePlanSummary | undefined; error: Error | null }) {
  if (error) return <ErrorMessage error={error} />;
  if (!plan) return <p className="panel__text">Working out what goes in…</p>;
  return (
    <>
      <div className="grid-scroll bundle-plan">
        <table className="data-grid" aria-label="Bundle contents">
          {groupPlanEntries(plan.entries).map((group) => (
            <Fragment key={group.label}>
              <tbody>
                <tr className="bundle-plan__group">
                  <th scope="rowgroup">
                    {group.label}{' '}
                    <span className="bundle-plan__count">{formatCount(group.entries.length, 'file')}</span>
                  </th>
                  <th className="data-grid__number">{formatBytes(group.bytes)}</th>
                </tr>
                {group.entries.map((entry) => (
                  <tr key={entry.path}>
                    <td className="bundle-plan__path">{entry.path}</td>
                    <td className="data-grid__number">{formatBytes(entry.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </Fragment>
          ))}
        </table>
      </div>
      <p className="bundle-plan__total">
        Total <strong>{formatBytes(plan.totalBytes)}</strong> in {formatCount(plan.entries.length, 'file')}{' '}
        <span className="panel__text">(uncompressed: the file will be at most about this)</span>
      </p>
      {plan.leftOut.length > 0 ? (
        <p className="form-warning" role="note">
          Left out, being outside the project folder: {plan.leftOut.join(', ')}. A teammate needs these files in the
          same place to run the pipeline.
        </p>
      ) : null}
    </>
  );
}
