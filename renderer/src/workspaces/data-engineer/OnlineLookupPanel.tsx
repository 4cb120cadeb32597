import { useMutation } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { FeatureCatalog, OnlineLookup } from '../../../../shared/contract/schemas.js';
import { formatStoredTime } from '../../../../shared/format.js';
import { ownValue } from '../../../../shared/own-value.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { TableHead } from '../../components/TableHead.js';
import { useClient } from '../../transport/client-context.js';
import { serviceJoinKeys, utcInputToMs } from './online-lookup-keys.js';

const FEATURE_STATUS: Record<OnlineLookup['features'][number]['status'], { text: string; tone: string }> = {
  present: { text: 'present', tone: 'badge--up' },
  null: { text: 'no value', tone: '' },
  not_found: { text: 'not found', tone: 'badge--failed' },
  outside_ttl: { text: 'older than its TTL', tone: 'badge--starting' },
  future: { text: 'newer than the time asked', tone: 'badge--starting' },
};

const ENTITY_STATUS: Record<OnlineLookup['status'], string> = {
  found: 'found in every feature view of the service',
  partly_found: 'found in some feature views of the service only',
  not_found: 'not in the online store: materialize its feature views, or check the key',
};

/** One entity's feature values with their status, as the online store gave them. */
export function LookupResult({ lookup }: { lookup: OnlineLookup }) {
  const entity = Object.entries(lookup.entity)
    .map(([key, value]) => `${key} = ${value}`)
    .join(', ');
  return (
    <>
      <p role="status">
        <strong>{entity}</strong>: {ENTITY_STATUS[lookup.status]}, judged at{' '}
        {formatStoredTime(lookup.atMs, 'timestamp')}.
      </p>
      <table className="data-grid" aria-label="Online feature values">
        <TableHead columns={['Feature', 'Feature view', 'Value', 'Status', 'Event time']} />
        <tbody>
          {lookup.features.map((entry) => (
            <tr key={`${entry.view}.${entry.feature}`}>
              <td>{entry.feature}</td>
              <td>{entry.view}</td>
              <td className="data-grid__number">{entry.value === null ? '' : String(entry.value)}</td>
              <td>
                <span className={`badge ${FEATURE_STATUS[entry.status].tone}`}>
                  {FEATURE_STATUS[entry.status].text}
                </span>
              </td>
              <td>{entry.eventTs === null ? '' : formatStoredTime(entry.eventTs, 'timestamp')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Reads one entity's features of a service from the online store, as a model server would. */
export function OnlineLookupPanel({ catalog }: { catalog: FeatureCatalog | undefined }) {
  const client = useClient();
  const services = catalog?.services ?? [];
  const [chosen, setChosen] = useState('');
  const service = chosen || services[0]?.name || '';
  const keys = catalog ? serviceJoinKeys(catalog, service) : [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [at, setAt] = useState('');
  const lookup = useMutation({
    mutationFn: () => {
      const atMs = utcInputToMs(at);
      return client.invoke('features.online', {
        service,
        entity: Object.fromEntries(keys.map((key) => [key, ownValue(values, key) ?? ''])),
        ...(atMs === undefined ? {} : { atMs }),
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookup.mutate();
  };

  return (
    <Panel id="online-lookup" title="Look up an entity">
      {services.length === 0 ? (
        <EmptyState icon={Search} title="No feature service yet">
          Define a feature service in the definitions (Feature views page), materialize its views, then look up an
          entity's latest values here.
        </EmptyState>
      ) : (
        <>
          <form className="inline-fields" onSubmit={submit}>
            <label>
              Feature service
              <select value={service} onChange={(event) => setChosen(event.target.value)} aria-label="Feature service">
                {services.map((entry) => (
                  <option key={entry.name} value={entry.name}>
                    {entry.name}
                  </option>
                ))}
              </select>
            </label>
            {keys.map((key) => (
              <label key={key}>
                {key}
                <input
                  value={ownValue(values, key) ?? ''}
                  onChange={(event) => setValues({ ...values, [key]: event.target.value })}
                  aria-label={key}
                  placeholder="key value"
                />
              </label>
            ))}
            <label>
              As of (UTC)
              <input
                type="datetime-local"
                value={at}
                onChange={(event) => setAt(event.target.value)}
                aria-label="As of"
              />
            </label>
            <button
              type="submit"
              className="button button--primary"
              disabled={lookup.isPending || keys.some((key) => !ownValue(values, key)?.trim())}
            >
              Look up
            </button>
          </form>
          <ErrorMessage error={lookup.error} />
          {lookup.data ? <LookupResult lookup={lookup.data} /> : null}
        </>
      )}
    </Panel>
  );
}
