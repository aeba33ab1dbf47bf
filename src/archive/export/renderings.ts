// Renderings of posts no browser captured: the archived page bytes the post was parsed from,
// rendered offline (no network, no script) by an injected renderer, as renderings/<post>.png with
// renderings/<post>.json saying what was rendered from what. A rendering is made at export time
// from ledgered bytes, so it is sealed by the package's SHA256SUMS, not by the ledger; its JSON
// names the source artifact's SHA-256 so anyone can render the same bytes again.
import type { Logger } from 'pino';
import { CaptureManifest, ObservationRecord } from '../types.js';
import type { Citation } from './citations.js';
import type { CitedRecord } from './package-citations.js';

export type PageRenderer = (html: Buffer, o: { url: string; find?: string }) => Promise<{ png: Buffer; browser: string; found: boolean }>;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');

/** Posts the package is about (observations scoped to them), without a browser capture of their own. */
export function postsToRender(records: readonly CitedRecord[], scoped: (key: string) => ReadonlySet<string> | undefined): { target: string; postId: string; pages: string[] }[] {
  const browserCaptured = new Set<string>();
  for (const r of records) {
    if (r.kind !== 'capture') continue;
    const m = CaptureManifest.safeParse(r.json);
    if (m.success && m.data.kind === 'browser' && m.data.postId) browserCaptured.add(`${m.data.target ?? ''}\u0000${m.data.postId}`);
  }
  const out = new Map<string, { target: string; postId: string; pages: string[] }>();
  for (const r of records) {
    if (r.kind !== 'observation') continue;
    const ids = scoped(r.key);
    if (!ids) continue;
    const o = ObservationRecord.safeParse(r.json);
    if (!o.success) continue;
    for (const postId of ids) {
      const k = `${o.data.target}\u0000${postId}`;
      if (browserCaptured.has(k)) continue;
      const e = out.get(k) ?? { target: o.data.target, postId, pages: [] };
      e.pages.push(...o.data.captures.filter((c) => !e.pages.includes(c)));
      out.set(k, e);
    }
  }
  return [...out.values()];
}

/** The rendering files (path -> bytes); a post whose page cannot be rendered is logged and left out. */
export async function renderings(
  render: PageRenderer,
  log: Logger,
  records: readonly CitedRecord[],
  scoped: (key: string) => ReadonlySet<string> | undefined,
  files: ReadonlyMap<string, Buffer>,
  citations: readonly Citation[],
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const manifests = new Map<string, CaptureManifest>();
  for (const r of records) {
    const m = r.kind === 'capture' ? CaptureManifest.safeParse(r.json) : undefined;
    if (m?.success) manifests.set(m.data.id, m.data);
  }
  for (const p of postsToRender(records, scoped)) {
    const cite = citations.find((c) => c.kind === 'post' && c.id === p.postId);
    // The page (of those the post was read from) that holds the post's address; else the first.
    const pages = p.pages.map((id) => manifests.get(id)).filter((m): m is CaptureManifest => !!m && m.artifacts.some((a) => a.name === 'page.html'));
    const bytesOf = (m: CaptureManifest) => files.get(`artifacts/${safe(m.id)}/page.html`);
    const key = p.postId.split('/').pop() ?? p.postId;
    const page = pages.find((m) => bytesOf(m)?.includes(key)) ?? pages[0];
    const html = page ? bytesOf(page) : undefined;
    if (!page || !html) continue;
    const name = `renderings/${safe(p.postId)}`;
    try {
      const words = cite?.title.replace(/…$/, '').split(' ').slice(0, 6).join(' ');
      const r = await render(html, { url: page.url, ...(words ? { find: words } : {}) });
      out.set(`${name}.png`, r.png);
      const art = page.artifacts.find((a) => a.name === 'page.html')!;
      const about = {
        post: p.postId,
        target: p.target,
        renderedFrom: { capture: page.id, path: `artifacts/${safe(page.id)}/page.html`, sha256: art.sha256, url: page.url, fetchedAt: page.finishedAt },
        renderer: r.browser,
        offline: true,
        scripts: false,
        postLocated: r.found,
        note: 'Rendered at export time from the archived bytes, with no network and no script: a picture of what was archived, not a live capture. Sealed by SHA256SUMS; the source bytes are ledgered.',
      };
      out.set(`${name}.json`, Buffer.from(JSON.stringify(about, null, 2) + '\n'));
    } catch (err) {
      log.warn({ err, post: p.postId, capture: page.id }, 'rendering failed; package built without it');
    }
  }
  return out;
}
