// A real local RFC 3161 TSA for tests: openssl-generated CA + TSA certs, `openssl ts -reply`
// behind a node:http handler on 127.0.0.1 (calls serialized: openssl bumps a serial file).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);

const TSA_CNF = `[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = .
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_alg = sha256
`;

export interface LocalTsa {
  url: string;
  caPem: string;
  dir: string;
  /** How many stamps were issued. */
  count(): number;
  close(): Promise<void>;
}

export async function startTsa(): Promise<LocalTsa> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-tsa-'));
  const sh = (args: string[]) => run('openssl', args, { cwd: dir });
  await sh(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650',
    '-subj', '/CN=Test TSA Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await sh(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA']);
  await writeFile(join(dir, 'tsa.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  await sh(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '825', '-extfile', 'tsa.ext', '-out', 'tsa.pem']);
  await writeFile(join(dir, 'tsaserial'), '01\n');
  await writeFile(join(dir, 'tsa.cnf'), TSA_CNF);
  const caPem = await readFile(join(dir, 'ca.pem'), 'utf8');

  let queue: Promise<unknown> = Promise.resolve();
  let n = 0;
  const stamp = (query: Buffer): Promise<Buffer> => {
    const job = queue.then(async () => {
      const id = ++n;
      // A temp file, not /dev/stdin: the child's stdin is a socket and openssl fails with ENXIO.
      await writeFile(join(dir, `q${id}.tsq`), query);
      await sh(['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `q${id}.tsq`, '-out', `r${id}.tsr`]);
      return readFile(join(dir, `r${id}.tsr`));
    });
    queue = job.catch(() => undefined);
    return job;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      stamp(Buffer.concat(chunks)).then(
        (tsr) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(tsr),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem,
    dir,
    count: () => n,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
