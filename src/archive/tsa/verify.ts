// Offline check of an RFC 3161 token over bytes we keep: imprint = sha256(data), CMS signature,
// and (when roots are pinned) the chain to those roots. Pure apart from WebCrypto.
import { createHash } from 'node:crypto';
import { ab, certsFromPem, parseResponse, SHA256_OID } from './asn.js';

export interface TimestampCheck {
  ok: boolean;
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
    return { ok: false, problem: (err as Error).message };
  }
  const base = { genTime: token.genTime, serial: token.serial };
  if (token.imprintAlg !== SHA256_OID) return { ...base, ok: false, problem: `timestamp imprint uses ${token.imprintAlg}, expected SHA-256` };
  const digest = createHash('sha256').update(data).digest();
  if (!token.imprint.equals(digest)) {
    return { ...base, ok: false, problem: `message imprint mismatch: token covers sha256 ${token.imprint.toString('hex')}, file is ${digest.toString('hex')}` };
  }
  if (opts.nonce && !(token.nonce && token.nonce.equals(opts.nonce))) return { ...base, ok: false, problem: 'timestamp nonce differs from the request (replayed reply?)' };
  const trustedCerts = opts.trustedPem ? certsFromPem(opts.trustedPem) : [];
  try {
    // signer: 0 and the original bytes (not the digest): pkijs quirks, see integrity notes §3.
    const ok = await token.signedData.verify({ signer: 0, data: ab(data), trustedCerts, checkChain: trustedCerts.length > 0 });
    if (!ok) return { ...base, ok: false, problem: 'timestamp signature does not verify' };
  } catch (err) {
    const msg = (err as { message?: string }).message ?? String(err);
    return { ...base, ok: false, problem: `timestamp signature or chain does not verify: ${msg}` };
  }
  return { ...base, ok: true };
}
