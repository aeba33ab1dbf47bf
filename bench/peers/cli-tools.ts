// Runners for the external peers, each run as its own process per page, as a user would:
// single-file-cli (npm; launches the Debian Chromium itself) and wget --warc-file (Debian).
// A failure is reported with the tool's own words, never papered over.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../../src/capture/index.js';
import { inlineSummary, readWarc, warcCoverage, warcMediaCount } from './inspect.js';
import type { PageKept, PageSpec, Runner } from './types.js';

export interface CliToolDeps {
  /** Scratch directory owned by the caller (removed by it). */
  workDir: string;
  chromiumPath: string;
  /** Per page, hard limit; the process is killed after it. */
  timeoutMs: number;
}

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

const exec = (file: string, args: string[], timeoutMs: number): Promise<Exec> =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : err.killed ? -9 : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

const firstLines = (s: string, n = 3): string => s.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, n).join(' | ');

const slug = (p: PageSpec): string => p.path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'index';

export const SINGLE_FILE_BIN = fileURLToPath(new URL('../../node_modules/single-file-cli/single-file-node.js', import.meta.url));

/** single-file-cli with the design's Chromium flags; audio/video unblocked (evidence wants media). */
export function singleFileRunner(deps: CliToolDeps): Runner {
  const dir = join(deps.workDir, 'single-file');
  return {
    id: 'singlefile',
    label: 'single-file-cli (--block-videos=false --block-audios=false)',
    domHow: 'rendered DOM, rewritten: scripts dropped',
    replayHow: 'one HTML, resources inlined as data: URIs',
    note: 'time includes one Chromium launch per page (the CLI starts its own browser)',
    async run(pages) {
      await mkdir(dir, { recursive: true });
      const kept: PageKept[] = [];
      const pageMs: number[] = [];
      const retried: string[] = [];
      for (const p of pages) {
        const t = Date.now();
        let html: string;
        try {
          html = await saveOnce(p);
        } catch (err) {
          // One retry, as a user would; the failed attempt's time stays in the total.
          retried.push(`${p.path}: ${err instanceof Error ? err.message : String(err)}`);
          html = await saveOnce(p);
        }
        pageMs.push(Date.now() - t);
        const inl = inlineSummary(html);
        // Inlined data: URIs carry no URL; count them against the references the page had.
        const have = inl.live.length === 0 ? Math.min(inl.inlined, p.required.length) : Math.max(0, p.required.length - inl.live.length);
        kept.push({
          screenshot: false,
          dom: html.length > 0,
          warcRecords: null,
          warcByType: {},
          media: inl.media,
          coverage: { have, need: p.required.length, missing: inl.live },
        });
      }
      return { ms: pageMs.reduce((a, b) => a + b, 0), pageMs, pages: kept, retried };
    },
  };

  async function saveOnce(p: PageSpec): Promise<string> {
    const out = join(dir, `${slug(p)}.html`);
    const errFile = join(dir, `${slug(p)}.errors.txt`);
    await rm(out, { force: true });
    await rm(errFile, { force: true });
    const args = [
      SINGLE_FILE_BIN,
      p.url,
      out,
      `--browser-executable-path=${deps.chromiumPath}`,
      `--browser-args=${JSON.stringify([...CHROMIUM_ARGS])}`,
      '--block-videos=false',
      '--block-audios=false',
      '--filename-conflict-action=overwrite',
      `--errors-file=${errFile}`,
      '--errors-traces-disabled=false',
    ];
    const r = await exec(process.execPath, args, deps.timeoutMs);
    const html = await readFile(out, 'utf8').catch(() => null);
    if (r.code !== 0 || html === null) {
      // The CLI exits 0 even when it saved nothing; its errors file says why.
      const errors = (await readFile(errFile, 'utf8').catch(() => '')).replace(/^\[[^\]]*\] URL: \S+\s*/m, '');
      throw new Error(`single-file exit ${r.code}${html === null ? ', no output file' : ''}: ${firstLines(errors + '\n' + r.stderr + '\n' + r.stdout, 2) || 'no message'}`);
    }
    return html;
  }
}

/** wget --warc-file --page-requisites: fetches the HTML as served plus what it references (no JS). */
export function wgetRunner(deps: CliToolDeps & { wgetPath?: string }): Runner {
  const dir = join(deps.workDir, 'wget');
  const bin = deps.wgetPath ?? 'wget';
  return {
    id: 'wget',
    label: 'wget --warc-file --page-requisites',
    domHow: 'HTML as served, no JS run',
    replayHow: 'WARC, no index unless --warc-cdx',
    async run(pages) {
      const kept: PageKept[] = [];
      const pageMs: number[] = [];
      for (const p of pages) {
        const base = join(dir, slug(p));
        await rm(base, { recursive: true, force: true });
        await mkdir(base, { recursive: true });
        const args = ['-q', '--tries=1', '--timeout=15', '--no-proxy', '--page-requisites', `--warc-file=${join(base, 'capture')}`, '-P', join(base, 'files'), p.url];
        const t = Date.now();
        const r = await exec(bin, args, deps.timeoutMs);
        pageMs.push(Date.now() - t);
        // 8 = "server issued an error response" for some requisite; the WARC is still written.
        const bytes = await readFile(join(base, 'capture.warc.gz')).catch(() => null);
        if ((r.code !== 0 && r.code !== 8) || !bytes) {
          throw new Error(`wget exit ${r.code}${bytes ? '' : ', no WARC'}: ${firstLines(r.stderr) || 'no message'}`);
        }
        const warc = await readWarc(bytes);
        const html = warc.responses.get(p.url);
        kept.push({
          screenshot: false,
          dom: !!html && html.status === 200,
          warcRecords: warc.total,
          warcByType: warc.byType,
          media: warcMediaCount(warc),
          coverage: warcCoverage(warc, p.required),
        });
      }
      return { ms: pageMs.reduce((a, b) => a + b, 0), pageMs, pages: kept };
    },
  };
}
