// vigil verify --bucket | vigil verify case.zip — audit the whole archive, or one evidence
// package offline. Exit code 0 only when no fault was found; every fault is printed precisely.
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import { verifyBucket, type Fault } from '../../archive/verify/index.js';
import { verifyPackage } from '../../archive/export/index.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { openBucket, readPemSetting } from '../bucket-access.js';
import { out, printJson } from '../output.js';

function report(ok: boolean, summary: string, faults: Fault[], json: boolean, extra: object): void {
  if (json) {
    printJson({ ok, ...extra, faults });
  } else {
    out(summary);
    for (const f of faults) out(`FAULT ${f.code} ${f.key}: ${f.message}`);
    out(ok ? 'OK: no faults found' : `FAILED: ${faults.length} fault(s)`);
  }
  if (!ok) throw new VigilError('VGL_VERIFY_FAILED', `verification failed with ${faults.length} fault(s)`, { details: { printed: true } });
}

export function registerVerify(program: Command): void {
  program
    .command('verify [package]')
    .description('verify an evidence package offline (case.zip), or the whole bucket with --bucket')
    .option('--bucket', 'audit every blob, manifest, ledger entry and checkpoint in the bucket')
    .option('--json', 'machine-readable report')
    .action(async (pkg: string | undefined, o: { bucket?: boolean; json?: boolean }, cmd: Command) => {
      if (!o.bucket && !pkg) throw new VigilError('VGL_BAD_REQUEST', 'give a package to verify (vigil verify case.zip) or --bucket');
      const settings = settingsFor(cmd);
      const tsaTrustedPem = readPemSetting(settings.integrity.tsaCaFile);
      if (pkg) {
        const r = await verifyPackage(pkg, { tsaTrustedPem });
        report(r.ok, `package ${pkg}: ${r.files} files, checkpoint ${r.checkpointSize ?? '-'}`, r.faults, !!o.json, { files: r.files, checkpointSize: r.checkpointSize });
        return;
      }
      const log = createLogger({ level: 'warn', destination: process.stderr });
      const bucket = await openBucket(settings, log);
      try {
        const r = await verifyBucket(bucket.store, { tsaTrustedPem, log });
        const c = r.counts;
        const summary = `bucket ${settings.s3.bucket}: ${c.objects} objects, ${c.blobs} blobs (${(c.blobBytes / 1e6).toFixed(1)} MB), ${c.ledgerEntries} ledger entries, ${c.manifests} manifests, ${c.checkpoints} checkpoints, ${c.timestamps} timestamps`;
        report(r.ok, summary, r.faults, !!o.json, { counts: c });
      } finally {
        await bucket.close();
      }
    });
}
