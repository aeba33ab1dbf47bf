// vigil keys fingerprint — the ledger key's fingerprint (SHA-256 of its DER SubjectPublicKeyInfo,
// what `openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum` prints), to publish and
// to pin in `vigil verify --key-fingerprint` / integrity.trustedKeys. Read from the private key
// file when this machine has it (the trustworthy source), else from the bucket's keys/ledger.pem.
import type { Command } from 'commander';
import { VigilError } from '../../errors.js';
import { defaultKeyFile, keyFingerprint, PUBLIC_KEY_KEY, readSigningKey } from '../../archive/ledger/keys.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { openBucket } from '../bucket-access.js';
import { note, out, printJson } from '../output.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('the ledger signing key');
  keys
    .command('fingerprint')
    .description('print the ledger key fingerprint (from integrity.keyFile, else the bucket\'s keys/ledger.pem)')
    .option('--json', 'machine-readable: {fingerprint, source}')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const settings = settingsFor(cmd);
      const keyFile = settings.integrity.keyFile ?? defaultKeyFile(settings.dataDir);
      const own = await readSigningKey(keyFile);
      let fingerprint: string;
      let source: string;
      if (own) {
        fingerprint = own.fingerprint;
        source = keyFile;
      } else {
        const log = createLogger({ level: 'warn', destination: process.stderr });
        const bucket = await openBucket(settings, log);
        try {
          const pem = await bucket.store.get(PUBLIC_KEY_KEY);
          if (!pem) throw new VigilError('VGL_NOT_FOUND', `no ledger key yet: neither ${keyFile} nor the bucket's ${PUBLIC_KEY_KEY} exists (the first \`vigil run\` creates it)`);
          fingerprint = keyFingerprint(pem.toString('utf8'));
          source = `bucket ${settings.s3.bucket}: ${PUBLIC_KEY_KEY}`;
        } finally {
          await bucket.close();
        }
        // Only as trustworthy as the bucket: say so, on stderr so stdout stays the bare fingerprint.
        note(`read from the bucket's ${PUBLIC_KEY_KEY}, which whoever can write to the bucket can replace; record the fingerprint on the machine that holds ${keyFile}`);
      }
      if (o.json) printJson({ fingerprint, source });
      else out(fingerprint);
    });
}
