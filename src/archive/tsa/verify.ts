// Offline check of an RFC 3161 token over bytes we keep: imprint = sha256(data), CMS signature,
// and the chain to pinned roots. Without pinned roots a token can only be found intact, never
// anchored: the certificates it carries are the TSA's (or a forger's) own word. Pure apart from WebCrypto.
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { ab, certsFromPem, parseResponse, SHA256_OID } from './asn.js';

const EKU_OID = '2.5.29.37';
const TIME_STAMPING_OID = '1.3.6.1.5.5.7.3.8';

export interface TimestampCheck {
  /** Imprint and CMS signature hold (and, when roots were given, the chain to them). */
  ok: boolean;
  /** The signer chains to a pinned root and may stamp time. False whenever no root was pinned. */
  anchored: boolean;
  genTime?: Date;
  serial?: string;
  /** Why it failed, phrased for a fault list. */
  problem?: string;
}

export async function verifyTimestamp(tsr: Buffer, data: Buffer, opts: { trustedPem?: string; nonce?: Buffer } = {}): Promise<TimestampCheck> {
  let token;
  try {
    token = parseResponse(tsr);
  } catch (err) {
    return { ok: false, anchored: false, problem: (err as Error).message };
  }
  const base = { genTime: token.genTime, serial: token.serial, anchored: false };
  if (token.imprintAlg !== SHA256_OID) return { ...base, ok: false, problem: `timestamp imprint uses ${token.imprintAlg}, expected SHA-256` };
  const digest = createHash('sha256').update(data).digest();
  if (!token.imprint.equals(digest)) {
    return { ...base, ok: false, problem: `message imprint mismatch: token covers sha256 ${token.imprint.toString('hex')}, file is ${digest.toString('hex')}` };
  }
  if (opts.nonce && !(token.nonce && token.nonce.equals(opts.nonce))) return { ...base, ok: false, problem: 'timestamp nonce differs from the request (replayed reply?)' };
  const trustedCerts = opts.trustedPem ? certsFromPem(opts.trustedPem) : [];
  const pinned = trustedCerts.length > 0;
  let signer: pkijs.Certificate | null | undefined;
  try {
    // signer: 0 and the original bytes (not the digest): pkijs quirks, see integrity notes §3.
    const r = await token.signedData.verify({ signer: 0, data: ab(data), trustedCerts, checkChain: pinned, extendedMode: true });
    if (!r.signatureVerified) return { ...base, ok: false, problem: 'timestamp signature does not verify' };
    signer = r.signerCertificate;
  } catch (err) {
    const msg = (err as { message?: string }).message ?? String(err);
    return { ...base, ok: false, problem: `timestamp signature or chain does not verify: ${msg}` };
  }
  if (!pinned) return { ...base, ok: true };
  // pkijs does not check that the signer may stamp time (critical EKU timeStamping, RFC 3161 §2.3).
  const eku = signer?.extensions?.find((e) => e.extnID === EKU_OID);
  const purposes = (eku?.parsedValue as { keyPurposes?: string[] } | undefined)?.keyPurposes ?? [];
  if (!eku?.critical || !purposes.includes(TIME_STAMPING_OID)) {
    return { ...base, ok: false, problem: 'timestamp signer certificate is not a TSA certificate (no critical extendedKeyUsage timeStamping)' };
  }
  return { ...base, ok: true, anchored: true };
}
