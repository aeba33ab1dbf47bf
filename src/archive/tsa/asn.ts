// pkijs plumbing shared by the TSA client and verifier. The crypto engine is set on first
// use, not at import.
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import { VigilError } from '../../errors.js';

let engineSet = false;
export function pki(): typeof pkijs {
  if (!engineSet) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
    engineSet = true;
  }
  return pkijs;
}

export const ab = (b: Buffer | Uint8Array): ArrayBuffer => {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
};

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export interface ParsedToken {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
  genTime: Date;
  serial: string;
  imprint: Buffer;
  imprintAlg: string;
  nonce?: Buffer;
}

/** Parse a TimeStampResp (.tsr). Throws VGL_VERIFY_FAILED when it is not a granted response. */
export function parseResponse(tsr: Buffer): ParsedToken {
  const p = pki();
  let resp: pkijs.TimeStampResp;
  try {
    resp = p.TimeStampResp.fromBER(ab(tsr));
  } catch (cause) {
    throw new VigilError('VGL_VERIFY_FAILED', 'timestamp: not a DER TimeStampResp', { cause });
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) throw new VigilError('VGL_VERIFY_FAILED', `timestamp: TSA refused the request (PKIStatus ${status})`);
  if (!resp.timeStampToken) throw new VigilError('VGL_VERIFY_FAILED', 'timestamp: response holds no token');
  const signedData = new p.SignedData({ schema: resp.timeStampToken.content });
  const content = signedData.encapContentInfo.eContent;
  if (!content) throw new VigilError('VGL_VERIFY_FAILED', 'timestamp: token has no TSTInfo');
  const tstInfo = p.TSTInfo.fromBER(content.getValue());
  const nonce = tstInfo.nonce ? Buffer.from(tstInfo.nonce.valueBlock.valueHexView) : undefined;
  return {
    signedData,
    tstInfo,
    genTime: tstInfo.genTime,
    serial: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    imprint: Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
    imprintAlg: tstInfo.messageImprint.hashAlgorithm.algorithmId,
    nonce,
  };
}

/** Certificates carried in the token, as PEM (leaf first as the TSA sent them). */
export function tokenCertsPem(token: ParsedToken): string {
  const out: string[] = [];
  for (const c of token.signedData.certificates ?? []) {
    if (!(c instanceof pki().Certificate)) continue;
    const b64 = Buffer.from(c.toSchema().toBER(false)).toString('base64');
    out.push(`-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`);
  }
  return out.join('');
}

export function certsFromPem(pem: string): pkijs.Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => {
    const der = Buffer.from(b.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
    return pki().Certificate.fromBER(ab(der));
  });
}
