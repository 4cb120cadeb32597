import type { BundleInspection } from '../../../shared/contract/bundles.js';
import { describeSignature } from './signature-verdict.js';

const BADGE = {
  good: 'badge badge--up',
  warning: 'badge badge--starting',
  bad: 'badge badge--failed',
  neutral: 'badge',
};

/** The bundle's signature, whether the project requires a trusted one, and a way to trust the signer. */
export function SignatureVerdictView({
  inspection,
  onManageKeys,
}: {
  inspection: BundleInspection;
  onManageKeys(): void;
}) {
  const { signature, signatureRequired } = inspection;
  const { tone, text } = describeSignature(signature);
  const untrusted = signature.signed && signature.valid && !signature.trusted;
  return (
    <div className="bundle-signature">
      <p>
        <span className={BADGE[tone]} data-testid="signature-verdict">
          {text}
        </span>
      </p>
      <p className="panel__hint">
        {signatureRequired
          ? 'This project requires a valid signature by a key it trusts.'
          : 'This project accepts unsigned bundles.'}{' '}
        {untrusted ? (
          <button type="button" className="link-button" onClick={onManageKeys}>
            Trust {signature.signer ?? 'the signer'}’s key
          </button>
        ) : null}
      </p>
    </div>
  );
}
