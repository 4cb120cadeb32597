import type { BundleInspection, SignatureVerdict } from '../../../shared/contract/bundles.js';
import { formatCount } from '../../../shared/format.js';

export type VerdictTone = 'good' | 'warning' | 'bad' | 'neutral';

/** A signature verdict in a few words, and how it should look. */
export function describeSignature(verdict: SignatureVerdict): { tone: VerdictTone; text: string } {
  if (!verdict.signed) return { tone: 'neutral', text: 'Not signed' };
  const signer = `${verdict.signer ?? 'an unnamed key'}${verdict.keyId ? ` (key ${verdict.keyId})` : ''}`;
  if (!verdict.valid) return { tone: 'bad', text: `INVALID signature${verdict.problem ? `: ${verdict.problem}` : ''}` };
  if (verdict.trusted) return { tone: 'good', text: `Valid signature by ${signer}, trusted by this project` };
  return { tone: 'warning', text: `Valid signature by ${signer}, not trusted by this project` };
}

/** Why Import cannot start yet, or null when it can. */
export function importBlocker(inspection: BundleInspection, unresolved: number): string | null {
  const { signature } = inspection;
  if (signature.signed && !signature.valid) return 'Its signature does not match its content: it cannot be imported.';
  if (inspection.signatureRequired && !signature.trusted)
    return signature.signed
      ? 'This project accepts only bundles signed by a key it trusts: trust the signer’s key first (Signing keys below).'
      : 'This project accepts only bundles signed by a key it trusts, and this one is not signed.';
  if (unresolved > 0) return `Choose what to do with each conflict (${formatCount(unresolved, 'conflict')} left).`;
  return null;
}
