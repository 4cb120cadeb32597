import { KeyRound, ShieldCheck, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { OwnSigningKey, TrustedKey } from '../../../shared/contract/signing-keys.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Panel } from '../components/Panel.js';
import { TableHead } from '../components/TableHead.js';
import { useMethodMutation, useMethodQuery } from '../hooks/queries.js';

function PublicKeyLine({ signingKey }: { signingKey: OwnSigningKey }) {
  return (
    <>
      <p className="panel__text">
        Your key <strong>{signingKey.name}</strong> (ID <code>{signingKey.keyId}</code>) signs the bundles you share.
        Give teammates this line to trust it:
      </p>
      <div className="snippet">
        <code>{signingKey.publicKeyLine}</code>
        <CopyButton text={signingKey.publicKeyLine} label="Copy the public key line" />
      </div>
    </>
  );
}

/** Makes the user's key; `replace` when the key files are there but damaged. */
function CreateKeyForm({ replace }: { replace: boolean }) {
  const [name, setName] = useState('');
  const create = useMethodMutation('keys.create');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, replace });
  };
  return (
    <form onSubmit={submit} className="signing-form" aria-label="Create your signing key">
      <p className="panel__text">
        {replace
          ? 'Your key cannot be read. Make a new one: teammates will need to trust its line again.'
          : 'You have no signing key yet. Make one to sign the bundles you share.'}
      </p>
      <div className="field">
        <label htmlFor="signing-key-name">Your name, as teammates will see it</label>
        <input id="signing-key-name" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <ErrorMessage error={create.error} />
      <button type="submit" className="button button--primary" disabled={!name.trim() || create.isPending}>
        <KeyRound size={15} aria-hidden /> Create key
      </button>
    </form>
  );
}

function OwnKey() {
  const own = useMethodQuery('keys.get', {});
  if (own.isPending) return null;
  if (own.isError)
    return (
      <>
        <ErrorMessage error={own.error} />
        <CreateKeyForm replace />
      </>
    );
  return own.data.key ? <PublicKeyLine signingKey={own.data.key} /> : <CreateKeyForm replace={false} />;
}

function TrustedKeyTable({ keys }: { keys: readonly TrustedKey[] }) {
  const untrust = useMethodMutation('keys.untrust');
  if (keys.length === 0) return <p className="panel__text">The project trusts no key yet.</p>;
  return (
    <>
      <table className="data-grid" aria-label="Trusted keys">
        <TableHead columns={['Name', 'Key ID', 'Added', '']} />
        <tbody>
          {keys.map((key) => (
            <tr key={key.keyId}>
              <td>{key.name}</td>
              <td>
                <code>{key.keyId}</code>
              </td>
              <td>{new Date(key.addedAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  className="button button--ghost"
                  aria-label={`Stop trusting ${key.name}`}
                  title="Stop trusting this key"
                  disabled={untrust.isPending}
                  onClick={() => untrust.mutate({ keyId: key.keyId })}
                >
                  <Trash2 size={14} aria-hidden />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={untrust.error} />
    </>
  );
}

function TrustKeyForm() {
  const [line, setLine] = useState('');
  const trust = useMethodMutation('keys.trust');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    trust.mutate({ line }, { onSuccess: () => setLine('') });
  };
  return (
    <form onSubmit={submit} className="signing-form" aria-label="Trust a teammate's key">
      <div className="field">
        <label htmlFor="trusted-key-line">A teammate's public key line</label>
        <div className="field__row">
          <input
            id="trusted-key-line"
            value={line}
            onChange={(event) => setLine(event.target.value)}
            placeholder="triad-ed25519 KEY NAME"
            spellCheck={false}
          />
          <button type="submit" className="button" disabled={!line.trim() || trust.isPending}>
            <ShieldCheck size={15} aria-hidden /> Trust
          </button>
        </div>
      </div>
      <ErrorMessage error={trust.error} />
    </form>
  );
}

function RequireSignature({ on, anyTrusted }: { on: boolean; anyTrusted: boolean }) {
  const setRequirement = useMethodMutation('keys.setRequireSignature');
  return (
    <>
      <label className="check-field">
        <input
          type="checkbox"
          checked={on}
          disabled={setRequirement.isPending || (!on && !anyTrusted)}
          onChange={(event) => setRequirement.mutate({ on: event.target.checked })}
        />
        Require a trusted signature on imported bundles
      </label>
      {!on && !anyTrusted ? <p className="panel__hint">Trust a teammate's key first.</p> : null}
      <ErrorMessage error={setRequirement.error} />
    </>
  );
}

/** The user's signing key, the keys the project trusts, and whether imported bundles must be signed by one. */
export function SigningPanel() {
  const trusted = useMethodQuery('keys.trusted', {});
  return (
    <Panel id="bundle-signing" title="Bundle signing">
      <OwnKey />
      <h3>Trusted keys</h3>
      <ErrorMessage error={trusted.error} />
      {trusted.data ? (
        <>
          <TrustedKeyTable keys={trusted.data.keys} />
          <TrustKeyForm />
          <RequireSignature on={trusted.data.requireSignature} anyTrusted={trusted.data.keys.length > 0} />
        </>
      ) : null}
    </Panel>
  );
}
