import { z } from 'zod';

/** A teammate's bundle-signing public key the project trusts. */
export const TrustedKey = z.object({
  keyId: z.string(),
  name: z.string(),
  /** Base64 of the raw 32-byte ed25519 public key. */
  publicKey: z.string(),
  addedAt: z.string(),
});
export type TrustedKey = z.infer<typeof TrustedKey>;

export const TrustedKeys = z.object({
  keys: z.array(TrustedKey),
  /** Whether an imported bundle must carry a valid signature by one of `keys`. */
  requireSignature: z.boolean(),
});
export type TrustedKeys = z.infer<typeof TrustedKeys>;

/** The user's own signing key as the app shows it: never its private half. */
export const OwnSigningKey = z.object({
  name: z.string(),
  keyId: z.string(),
  /** `triad-ed25519 BASE64 NAME`, the line a teammate trusts. */
  publicKeyLine: z.string(),
});
export type OwnSigningKey = z.infer<typeof OwnSigningKey>;

export const KeyName = z
  .string()
  .trim()
  .min(1, 'a key needs a name (yours, as teammates will see it)')
  .max(200, 'a key name is at most 200 characters')
  .refine((name) => !/[\r\n]/.test(name), 'a key name is one line');
