// Runs Vigil, bare Playwright, single-file-cli and wget on the same sim pages, a few times
// each, and writes a markdown table plus one JSON line. Used by bench/capture-peers.ts and
// at the end of bench/capture.ts. Everything talks to the sim on 127.0.0.1 only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import type { Logger } from 'pino';
import type { Settings } from '../../src/config/schema.js';
import { requiredResources } from './inspect.js';
import { bareRunner, chromiumLaunchMs, vigilRunner } from './browser-tools.js';
import { SINGLE_FILE_BIN, singleFileRunner, wgetRunner } from './cli-tools.js';
import { figures, renderTable, toRow } from './table.js';
import type { PageSpec, PeerRow, Runner, RunOutcome } from './types.js';

export const PEER_PAGES = ['/press-release', '/lazy-images', '/video'];

export interface CapturePeersDeps {
  /** Sim capture pages server, e.g. http://127.0.0.1:34567 */
  baseUrl: string;
  settings: Pick<Settings, 'capture' | 'network'>;
  log: Logger;
  /** Where the table and the JSON line go (stdout in the bench). */
  write: (s: string) => void;
  /** Timed passes per tool over all pages (default 2: single-file alone takes ~25 s a pass). */
  runs?: number;
  /** Per page hard limit for the external tools (default 60 s). */
  timeoutMs?: number;
}

export interface CapturePeersResult {
  rows: PeerRow[];
  table: string;
  json: Record<string, unknown>;
}

async function pageSpecs(baseUrl: string): Promise<PageSpec[]> {
  const out: PageSpec[] = [];
  for (const path of PEER_PAGES) {
    const url = new URL(path, baseUrl).href;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`capture-peers: sim page ${url} answered HTTP ${res.status}; is the capture pages server running?`);
    out.push({ path, url, required: requiredResources(await res.text(), url) });
  }
  return out;
}

const version = (file: string, args: string[]): Promise<string> =>
  new Promise((resolve) => execFile(file, args, { timeout: 10_000 }, (err, stdout) => resolve(err ? 'unavailable' : String(stdout).split('\n')[0].trim())));

async function timed(r: Runner, pages: PageSpec[], runs: number, log: Logger): Promise<PeerRow> {
  const ok: RunOutcome[] = [];
  const errors: string[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      ok.push(await r.run(pages));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      log.warn({ tool: r.id, run: i, err: msg }, 'peer run failed');
      errors.push(msg);
    }
    process.stderr.write(`bench capture-peers: ${r.id} run ${i + 1}/${runs}${errors.length ? ` (${errors.length} failed)` : ''}\n`);
  }
  return toRow(r, ok, errors);
}

export async function runCapturePeers(deps: CapturePeersDeps): Promise<CapturePeersResult> {
  const runs = deps.runs ?? 2;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const chromiumPath = deps.settings.capture.chromiumPath;
  const workDir = await mkdtemp(join(tmpdir(), 'vigil-peers-'));
  const pages = await pageSpecs(deps.baseUrl);
  const runners: Runner[] = [
    vigilRunner(deps),
    bareRunner(deps),
    singleFileRunner({ workDir, chromiumPath, timeoutMs }),
    wgetRunner({ workDir, chromiumPath, timeoutMs }),
  ];
  try {
    const launchMs = await chromiumLaunchMs(deps);
    const rows: PeerRow[] = [];
    for (const r of runners) rows.push(await timed(r, pages, runs, deps.log));
    const table = renderTable(rows, PEER_PAGES);
    const json = figures(rows, {
      runs,
      chromium_launch_ms: launchMs,
      chromium_version: await version(chromiumPath, ['--version']),
      wget_version: await version('wget', ['--version']),
      single_file_version: await version(process.execPath, [SINGLE_FILE_BIN, '--version']),
    });
    deps.write(`${table}\n\n`);
    deps.write(`${JSON.stringify(json)}\n`);
    return { rows, table, json };
  } finally {
    for (const r of runners) await r.close?.().catch((err: unknown) => deps.log.warn({ err, tool: r.id }, 'peer close failed'));
    await rm(workDir, { recursive: true, force: true });
  }
}
