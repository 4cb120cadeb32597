import { describe, expect, it } from 'vitest';
import type { BundleInspection, SignatureVerdict } from '../../../shared/contract/bundles.js';
import { describeSignature, importBlocker } from './signature-verdict.js';

const unsigned: SignatureVerdict = {
  signed: false,
  valid: false,
  trusted: false,
  signer: null,
  keyId: null,
  problem: null,
};
const byAna = (trusted: boolean): SignatureVerdict => ({
  signed: true,
  valid: true,
  trusted,
  signer: 'Ana',
  keyId: 'ab12cd34ef56ab78',
  problem: null,
});
const invalid: SignatureVerdict = {
  ...byAna(false),
  valid: false,
  problem: 'the signature does not match the manifest',
};

const inspection = (signature: SignatureVerdict, signatureRequired: boolean) =>
  ({ signature, signatureRequired }) as BundleInspection;

describe('describeSignature', () => {
  it('says who signed and whether the project trusts them, or that the signature is invalid and why', () => {
    expect(describeSignature(unsigned)).toEqual({ tone: 'neutral', text: 'Not signed' });
    expect(describeSignature(byAna(true))).toEqual({
      tone: 'good',
      text: 'Valid signature by Ana (key ab12cd34ef56ab78), trusted by this project',
    });
    expect(describeSignature(byAna(false)).tone).toBe('warning');
    expect(describeSignature(invalid)).toEqual({
      tone: 'bad',
      text: 'INVALID signature: the signature does not match the manifest',
    });
  });
});

describe('importBlocker', () => {
  it('lets an import start once every conflict has a choice and the signature is acceptable', () => {
    expect(importBlocker(inspection(unsigned, false), 0)).toBeNull();
    expect(importBlocker(inspection(byAna(true), true), 0)).toBeNull();
  });

  it('holds it back for an invalid signature, an untrusted one where required, or conflicts left', () => {
    expect(importBlocker(inspection(invalid, false), 0)).toMatch(/does not match/);
    expect(importBlocker(inspection(byAna(false), true), 0)).toMatch(/trust the signer’s key first/);
    expect(importBlocker(inspection(unsigned, true), 0)).toMatch(/not signed/);
    expect(importBlocker(inspection(unsigned, false), 2)).toBe(
      'Choose what to do with each conflict (2 conflicts left).',
    );
  });
});
