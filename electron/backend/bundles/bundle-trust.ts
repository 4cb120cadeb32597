import type { SignatureVerdict } from '../../../shared/contract/bundles.js';
import type { Project } from '../db/project.js';
import { BundleRefusedError, type VerifiedBundle } from './bundle-reader.js';
import { parseSignatureEntry, signatureVerdict } from './bundle-signing.js';
import { requiresSignedBundles, trustedKeys } from './trusted-keys.js';

/** How a bundle's signature stands for a project (with none open, no key is trusted), and whether the project requires a trusted one. */
export function judgeSignature(
  bundle: VerifiedBundle,
  project: Project | null,
): SignatureVerdict & { required: boolean } {
  const required = project ? requiresSignedBundles(project.db) : false;
  if (!bundle.signatureBytes)
    return { signed: false, valid: false, trusted: false, signer: null, keyId: null, problem: null, required };
  let signature: ReturnType<typeof parseSignatureEntry>;
  try {
    signature = parseSignatureEntry(bundle.signatureBytes);
  } catch (error) {
    return {
      signed: true,
      valid: false,
      trusted: false,
      signer: null,
      keyId: null,
      problem: (error as Error).message,
      required,
    };
  }
  const verdict = signatureVerdict(bundle.manifestBytes, signature, project ? trustedKeys(project.db) : []);
  return {
    signed: true,
    valid: verdict.valid,
    trusted: verdict.trusted,
    signer: verdict.trustedAs ?? verdict.signer,
    keyId: verdict.keyId,
    problem: project || !verdict.valid ? verdict.problem : null,
    required,
  };
}

/**
 * Refuses a bundle the project must not take: one whose signature does not match its manifest
 * (it was changed after signing), and, where the project requires it, one not signed by a key it trusts.
 */
export function admitBundle(project: Project): (bundle: VerifiedBundle) => void {
  return (bundle) => {
    const verdict = judgeSignature(bundle, project);
    if (verdict.signed && !verdict.valid)
      throw new BundleRefusedError(bundle.file, `its signature is bad: ${verdict.problem}`);
    if (!verdict.required || verdict.trusted) return;
    throw new BundleRefusedError(
      bundle.file,
      verdict.signed
        ? `this project accepts only bundles signed by a key it trusts, and ${verdict.problem} (triad keys trust adds a teammate's key)`
        : 'this project accepts only bundles signed by a key it trusts, and it is not signed',
    );
  };
}
