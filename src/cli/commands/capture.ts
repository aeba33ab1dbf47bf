// vigil capture <url>: queue a browser capture, wait for it, print the manifest.
import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaptureManifest } from '../../archive/types.js';
import { VigilError, isVigilError } from '../../errors.js';
import type { ApiClient } from '../client.js';
import { clientFor } from '../context.js';
import { out, printJson, table } from '../output.js';

const FINAL = new Set(['done', 'partial', 'failed']);

/** Poll GET /api/captures/:id until the capture is final. A 404 means "not written yet". */
export async function waitForCapture(client: ApiClient, id: string, timeoutMs: number, intervalMs = 1000): Promise<CaptureManifest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { body } = await client.json<CaptureManifest | { id: string; status: string }>('GET', `/api/captures/${encodeURIComponent(id)}`);
      if (FINAL.has(body.status)) return body as CaptureManifest;
    } catch (e) {
      if (!isVigilError(e, 'VGL_NOT_FOUND')) throw e;
    }
    if (Date.now() > deadline) throw new VigilError('VGL_CAPTURE_FAILED', `capture ${id} did not finish within ${Math.round(timeoutMs / 1000)}s; check it later with GET /api/captures/${id}`);
    await sleep(intervalMs);
  }
}

export function registerCapture(program: Command): void {
  program
    .command('capture <url>')
    .description('capture a page now (screenshot, DOM, WARC) and print its manifest')
    .option('--target <id>', 'file the capture under this target')
    .option('--timeout <seconds>', 'how long to wait', '180')
    .option('--json', 'print the manifest as JSON')
    .action(async (url: string, o: { target?: string; timeout: string; json?: boolean }, cmd: Command) => {
      const client = clientFor(cmd);
      const { body } = await client.json<{ id: string }>('POST', '/api/captures', { url, target: o.target });
      const m = await waitForCapture(client, body.id, Number(o.timeout) * 1000);
      if (o.json) return printJson(m);
      out(`capture ${m.id}: ${m.status} ${m.url}`);
      out(table(m.artifacts.map((a) => [a.name, a.type, a.size, a.sha256]), ['ARTIFACT', 'TYPE', 'BYTES', 'SHA256']));
      if (m.status === 'failed') throw new VigilError('VGL_CAPTURE_FAILED', `capture ${m.id} failed: ${m.error?.message ?? 'no details'}`);
    });
}
