// VERIFY.md: the exact standard commands (sha256sum, openssl) that check a package without
// Vigil. The fenced block is runnable as-is from the package root; every line must exit 0.
import { FINGERPRINT_COMMAND } from '../ledger/keys.js';
export interface VerifyMdInput {
  checkpointSize: number;
  /** SHA-256 of keys/ledger.pem's DER SubjectPublicKeyInfo (the exporter's own key). */
  keyFingerprint: string;
  hasTsr: boolean;
  hasSeal: boolean;
  /** Consecutive ledger files in the package (for the prev-link checks). */
  ledgerFiles: string[];
  /** [manifest path, ledger file] pairs: the entry records the manifest's sha256. */
  manifestEntries: [string, string][];
  headFile: string;
}

export function verifyMarkdown(i: VerifyMdInput): string {
  const n = i.checkpointSize;
  const sum = (f: string) => `$(sha256sum ${f} | cut -d' ' -f1)`;
  const fp = i.keyFingerprint;
  const cmds: string[] = ['sha256sum -c SHA256SUMS', `${FINGERPRINT_COMMAND} | grep -q '^${fp} '`];
  if (i.hasSeal) cmds.push('openssl pkeyutl -verify -pubin -inkey keys/ledger.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig');
  cmds.push(`openssl pkeyutl -verify -pubin -inkey keys/ledger.pem -rawin -in checkpoint/${n}.body -sigfile checkpoint/${n}.sig`);
  if (i.hasTsr) cmds.push(`openssl ts -verify -data checkpoint/${n}.sig -in checkpoint/${n}.tsr -CAfile tsa/chain.pem`);
  cmds.push(`grep -qx "head sha256:${sum(i.headFile)}" checkpoint/${n}.body`);
  for (let k = 1; k < i.ledgerFiles.length; k++) cmds.push(`grep -q '"prev":"'${sum(i.ledgerFiles[k - 1])}'"' ${i.ledgerFiles[k]}`);
  for (const [m, l] of i.manifestEntries) cmds.push(`grep -q '"sha256":"'${sum(m)}'"' ${l}`);

  return `# How to verify this evidence package

Everything here is checked with standard tools (coreutils \`sha256sum\`, OpenSSL ≥ 3.0); Vigil is
not needed. Run the commands from the folder where the ZIP was extracted; each prints OK or exits 0.

**First, the key.** \`keys/ledger.pem\` is the archive's Ed25519 public key; its fingerprint (SHA-256 of its DER
SubjectPublicKeyInfo) is

    ${fp}

and \`${FINGERPRINT_COMMAND}\` prints it. This package saying so proves nothing: anyone who can
change the package can make a new key and re-sign everything. Compare it with the fingerprint the archive's operator
published or gave you independently (\`vigil run\` logs it at start, \`vigil keys fingerprint\` prints it). If they
differ, nothing below is evidence. \`vigil verify --key-fingerprint ${fp} case.zip\` makes the same comparison.

\`\`\`sh
${cmds.join('\n')}
\`\`\`

What each step proves:

1. \`sha256sum -c SHA256SUMS\` — every file is byte-for-byte what was exported${i.hasSeal ? '; \`SHA256SUMS.sig\` seals the list with the ledger key' : ''}.
   The \`openssl pkey … | grep\` line checks that \`keys/ledger.pem\` is the key with the fingerprint above.
2. \`openssl pkeyutl -verify … -rawin\` — \`checkpoint/${n}.body\` (origin, tree size ${n}, base64 RFC 9162 Merkle root,
   hash of ledger entry ${n - 1}, UTC time) was signed by the Ed25519 key in \`keys/ledger.pem\` (the key checked above).
${i.hasTsr ? `3. \`openssl ts -verify\` — the RFC 3161 token in \`checkpoint/${n}.tsr\` covers that exact signature, at the time in the
   token (\`openssl ts -reply -in checkpoint/${n}.tsr -text\` shows it). \`tsa/chain.pem\` came with the package, so the
   command above only shows the token is intact. For the time to be proven, use the TSA's root certificate obtained from the
   TSA itself: \`openssl ts -verify -data checkpoint/${n}.sig -in checkpoint/${n}.tsr -CAfile TSA-ROOT.pem -untrusted tsa/chain.pem\`
   (\`vigil verify --tsa-ca TSA-ROOT.pem case.zip\` does the same).\n` : '3. No RFC 3161 token: the checkpoint time rests on the signature alone.\n'}4. The \`grep\` lines — the ledger entries form a hash chain (\`sha256sum ledger/<seq-1>.json\` is the \`prev\` of
   \`ledger/<seq>.json\`), the checkpoint covers the last one, and each manifest's SHA-256 is the one recorded in its
   ledger entry. Each manifest lists the SHA-256 of every file under \`artifacts/\`.
5. \`proofs/<seq>.json\` — an RFC 9162 inclusion path from \`ledger/<seq>.json\` (leaf = SHA-256(0x00‖file bytes))
   to the signed root, for when the package does not carry the whole chain.

Files: \`artifacts/\` (captured bytes, readable names), \`manifests/\` (capture/observation/event records),
\`ledger/\`, \`proofs/\`, \`checkpoint/\`, \`keys/ledger.pem\`, \`tsa/chain.pem\`, \`package-index.json\`,
\`citations.md\`, \`citations.csv\`, \`citations.json\` (CSL-JSON).
`;
}

/** The runnable commands of a VERIFY.md (the first fenced sh block). */
export function verifyCommands(markdown: string): string[] {
  const m = /```sh\n([\s\S]*?)```/.exec(markdown);
  return m ? m[1].split('\n').filter((l) => l.trim() !== '') : [];
}
