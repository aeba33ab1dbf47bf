// RFC 3161 client: asks a TSA to stamp sha256(data) with a fresh nonce, then verifies the reply
// (imprint, nonce, signature) before anyone relies on it.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { VigilError } from '../../errors.js';
import { ab, parseResponse, pki, SHA256_OID, tokenCertsPem } from './asn.js';
import { verifyTimestamp } from './verify.js';

export interface TsaDeps {
  url: string;
  /** Pinned TSA root(s), PEM; without it the reply is checked with the certs it carries. */
  trustedPem?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Timestamp {
  tsr: Buffer;
  genTime: Date;
  serial: string;
  /** Certificates the TSA sent in the token (PEM), for packages' tsa/chain.pem. */
  certsPem: string;
}

export function buildRequest(data: Buffer, nonce: Buffer): Buffer {
  const p = pki();
  const req = new p.TimeStampReq({
    version: 1,
    certReq: true,
    messageImprint: new p.MessageImprint({
      hashAlgorithm: new p.AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(createHash('sha256').update(data).digest()) }),
    }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
  });
  return Buffer.from(req.toSchema().toBER(false));
}

export async function requestTimestamp(deps: TsaDeps, data: Buffer): Promise<Timestamp> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01; // positive INTEGER with no leading zero byte, so it round-trips
  const doFetch = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(deps.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(buildRequest(data, nonce)),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
    });
  } catch (cause) {
    throw new VigilError('VGL_STORE_UNAVAILABLE', `timestamp: TSA ${deps.url} unreachable; the checkpoint is kept without a token`, { cause });
  }
  if (!res.ok) throw new VigilError('VGL_STORE_UNAVAILABLE', `timestamp: TSA ${deps.url} answered HTTP ${res.status}`);
  const tsr = Buffer.from(await res.arrayBuffer());
  const check = await verifyTimestamp(tsr, data, { nonce, trustedPem: deps.trustedPem });
  if (!check.ok) throw new VigilError('VGL_VERIFY_FAILED', `timestamp from ${deps.url} rejected: ${check.problem}`);
  const token = parseResponse(tsr);
  return { tsr, genTime: token.genTime, serial: token.serial, certsPem: tokenCertsPem(token) };
}
