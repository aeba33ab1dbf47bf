// Which ledger key a verification trusts. The public key inside a bucket or package proves
// nothing by itself: whoever can write there can make a key, re-sign a rewritten ledger and
// replace keys/ledger.pem. So the key's fingerprint (SHA-256 of its DER SubjectPublicKeyInfo) is
// compared with the pins the verifier brings (--key-fingerprint, integrity.trustedKeys); without a
// pin the report says so loudly. Pure.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { FINGERPRINT_COMMAND, keyFingerprint } from '../ledger/keys.js';
import { fault, type Fault, type Warning } from './faults.js';

export interface KeyReport {
  /** Fingerprint of the key found in the bucket/package (absent when there is none or it is unreadable). */
  fingerprint?: string;
  /** A pin was given. */
  pinned: boolean;
  /** The key matches a pin (false when unpinned: nothing vouches for it). */
  trusted: boolean;
}

export interface KeyCheck {
  /** The key to check signatures with (absent when missing or unreadable). */
  key?: KeyObject;
  report: KeyReport;
  faults: Fault[];
  warnings: Warning[];
}

/**
 * `pem`: the key as found at `where` (keys/ledger.pem). `pins`: normalized hex fingerprints;
 * empty or undefined = not pinned. `needed`: there is something signed to check.
 */
export function checkKey(pem: string | undefined, where: string, pins: readonly string[] | undefined, needed: boolean): KeyCheck {
  const pinned = !!pins && pins.length > 0;
  const out: KeyCheck = { report: { pinned, trusted: false }, faults: [], warnings: [] };
  if (pem === undefined) {
    if (needed || pinned) out.faults.push(fault('key_missing', where, `${where} is missing: signatures cannot be checked`));
    return out;
  }
  try {
    out.key = createPublicKey(pem);
    out.report.fingerprint = keyFingerprint(out.key);
  } catch {
    out.faults.push(fault('key_invalid', where, `${where} is not a PEM public key: signatures cannot be checked`));
    return out;
  }
  const fp = out.report.fingerprint;
  if (pinned) {
    out.report.trusted = pins.includes(fp);
    if (!out.report.trusted) {
      out.faults.push(
        fault(
          'key_not_trusted',
          where,
          `${where} has fingerprint ${fp}, which is not the pinned ${pins.join(' or ')}: whoever wrote it can sign anything with it, so its signatures prove nothing. ` +
            `The archive's checkpoints were re-signed with another key, or you pinned the wrong fingerprint.`,
        ),
      );
    }
  } else {
    out.warnings.push({
      code: 'key_not_pinned',
      message:
        `the ledger key was NOT pinned: signatures were checked against ${where} found in what is being verified (fingerprint ${fp}), ` +
        `which anyone able to write there could have replaced along with a re-signed ledger. Compare ${fp} with the fingerprint the archive ` +
        `operator published (\`${FINGERPRINT_COMMAND}\`), then pin it: --key-fingerprint ${fp} or integrity.trustedKeys`,
    });
  }
  return out;
}

/** The warning for timestamps checked without a pinned TSA root. */
export function notAnchoredWarning(count: number): Warning {
  return {
    code: 'timestamp_not_anchored',
    message:
      `${count} RFC 3161 timestamp(s) are intact but NOT anchored: no TSA root was pinned (integrity.tsaCaFile or --tsa-ca), and the ` +
      `certificates a token carries are the TSA's own word, so they do not prove the time. Pin the TSA's published root to anchor them`,
  };
}
