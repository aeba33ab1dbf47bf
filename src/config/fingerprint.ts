// Key fingerprints as people paste them (config integrity.trustedKeys, --key-fingerprint). Pure.
import { z } from 'zod';

/**
 * Hex in either case, optionally prefixed "sha256:" and with ":" or spaces between bytes (as
 * `openssl … -fingerprint` prints). Returns 64 lowercase hex digits, or null when it is not 32 bytes.
 */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.trim().replace(/^sha256:/i, '').replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

export const Fingerprint = z.string().transform((s, ctx) => {
  const fp = normalizeFingerprint(s);
  if (fp === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a SHA-256 fingerprint (64 hex digits, as \`openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum\` prints)` });
    return z.NEVER;
  }
  return fp;
});
