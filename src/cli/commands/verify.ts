// vigil verify --bucket | vigil verify case.zip — audit the whole archive, or one evidence
// package offline. Exit code 0 only when no fault was found; every fault is printed precisely.
// The ledger key is pinned by fingerprint (--key-fingerprint, integrity.trustedKeys) and the TSA
// root by file (--tsa-ca, integrity.tsaCaFile); what is verified never vouches for itself.
// The verifiers load when the command runs, not with the CLI (they bring ASN.1, ZIP and S3 code).
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import type { Fault, KeyReport, Warning } from '../../archive/verify/index.js';
import { normalizeFingerprint } from '../../config/fingerprint.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { openBucket, readPemSetting } from '../bucket-access.js';
import { out, printJson } from '../output.js';

interface Outcome {
  ok: boolean;
  summary: string;
  key: KeyReport;
  faults: Fault[];
  warnings: Warning[];
  extra: object;
}

function keyLine(k: KeyReport): string {
  if (!k.fingerprint) return 'key: none readable';
  if (!k.pinned) return `key: ${k.fingerprint} (NOT PINNED)`;
  return k.trusted ? `key: ${k.fingerprint} (pinned, trusted)` : `key: ${k.fingerprint} (NOT TRUSTED: not a pinned fingerprint)`;
}

function report(o: Outcome, json: boolean): void {
  if (json) {
    printJson({ ok: o.ok, ...o.extra, keyPinned: o.key.pinned, key: o.key, warnings: o.warnings, faults: o.faults });
  } else {
    out(o.summary);
    out(keyLine(o.key));
    for (const w of o.warnings) out(`WARNING ${w.code}: ${w.message}`);
    for (const f of o.faults) out(`FAULT ${f.code} ${f.key}: ${f.message}`);
    const warned = o.warnings.length ? ` (${o.warnings.length} warning(s) above: ${o.warnings.map((w) => w.code).join(', ')})` : '';
    out(o.ok ? `OK: no faults found${warned}` : `FAILED: ${o.faults.length} fault(s)`);
  }
  if (!o.ok) throw new VigilError('VGL_VERIFY_FAILED', `verification failed with ${o.faults.length} fault(s)`, { details: { printed: true } });
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

interface VerifyFlags {
  bucket?: boolean;
  json?: boolean;
  keyFingerprint: string[];
  tsaCa?: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify [package]')
    .description('verify an evidence package offline (case.zip), or the whole bucket with --bucket')
    .option('--bucket', 'audit every blob, manifest, ledger entry and checkpoint in the bucket')
    .option('--key-fingerprint <hex>', 'pin the ledger key: fail (key_not_trusted) unless keys/ledger.pem has this SHA-256 fingerprint; repeatable (default: integrity.trustedKeys)', collect, [])
    .option('--tsa-ca <file>', "pin the TSA root certificate(s), PEM (default: integrity.tsaCaFile); the bucket's or package's own TSA chain is never a root")
    .option('--json', 'machine-readable report')
    .action(async (pkg: string | undefined, o: VerifyFlags, cmd: Command) => {
      if (!o.bucket && !pkg) throw new VigilError('VGL_BAD_REQUEST', 'give a package to verify (vigil verify case.zip) or --bucket');
      const settings = settingsFor(cmd);
      const pins = o.keyFingerprint.map((v) => {
        const fp = normalizeFingerprint(v);
        if (!fp) throw new VigilError('VGL_BAD_REQUEST', `--key-fingerprint "${v}": not a SHA-256 fingerprint (64 hex digits, as \`vigil keys fingerprint\` prints)`);
        return fp;
      });
      const trustedKeys = pins.length ? pins : settings.integrity.trustedKeys;
      const tsaTrustedPem = o.tsaCa ? readPemSetting(o.tsaCa, '--tsa-ca') : readPemSetting(settings.integrity.tsaCaFile);
      // A configured TSA stamps every checkpoint; a pinned TSA root means a timestamp is expected.
      const requireTimestamps = !!settings.integrity.tsaUrl || !!o.tsaCa;
      if (pkg) {
        const { verifyPackage } = await import('../../archive/export/verify-package.js');
        const r = await verifyPackage(pkg, { tsaTrustedPem, trustedKeys, requireTimestamp: requireTimestamps });
        const ts = r.timestamps + r.timestampsNotAnchored ? `, timestamp ${r.timestamps ? 'anchored' : 'NOT anchored'}` : '';
        report(
          { ok: r.ok, summary: `package ${pkg}: ${r.files} files, checkpoint ${r.checkpointSize ?? '-'}${ts}`, key: r.key, faults: r.faults, warnings: r.warnings, extra: { files: r.files, checkpointSize: r.checkpointSize, timestamps: r.timestamps, timestampsNotAnchored: r.timestampsNotAnchored } },
          !!o.json,
        );
        return;
      }
      const log = createLogger({ level: 'warn', destination: process.stderr });
      const [{ verifyBucket }, { verifyAudit }, { fault }] = await Promise.all([import('../../archive/verify/index.js'), import('../../archive/access/audit.js'), import('../../archive/verify/faults.js')]);
      const bucket = await openBucket(settings, log);
      try {
        const r = await verifyBucket(bucket.store, { tsaTrustedPem, trustedKeys, requireTimestamps, log });
        const c = r.counts;
        const notAnchored = c.timestampsNotAnchored ? ` (+${c.timestampsNotAnchored} NOT anchored)` : '';
        const summary = `bucket ${settings.s3.bucket}: ${c.objects} objects, ${c.blobs} blobs (${(c.blobBytes / 1e6).toFixed(1)} MB), ${c.ledgerEntries} ledger entries, ${c.manifests} manifests, ${c.checkpoints} checkpoints, ${c.timestamps} timestamps${notAnchored}`;
        // The audit log (who changed targets, exported, signed in) is a chain of its own.
        const audit = await verifyAudit(bucket.store);
        const faults = [...r.faults, ...audit.faults.map((f) => fault('audit_chain_broken', f.key, f.problem))];
        report({ ok: faults.length === 0, summary, key: r.key, faults, warnings: r.warnings, extra: { counts: { ...c, auditEntries: audit.entries } } }, !!o.json);
      } finally {
        await bucket.close();
      }
    });
}
