// Turns a RawCapture into the artifact set (bytes + names + types) and the metadata that
// goes into the CaptureManifest. No browser here; only hashing/serialising.
import { buildWarc } from './warc.js';
import { buildWacz } from './wacz.js';
import type { Extracted } from './extract.js';
import { mediaName } from './media.js';
import { pngHeight } from './screenshot.js';
import type { RawCapture } from './session.js';
import type { ArtifactBytes, HttpExchange } from './types.js';
import { phaseClock, type PhaseClock } from './phases.js';
import { provenance } from './provenance.js';

export interface PackageContext {
  tool: { name: string; version: string; browser: string; userAgent: string };
  /** Chromium ran with its sandbox. */
  sandbox: boolean;
  viewport: { width: number; height: number };
  mobileViewport?: { width: number; height: number };
  startedAt: string;
  finishedAt: string;
  /** Responses whose upstream address the proxy's log could not settle (upstream.ts). */
  unattributed?: Array<{ url: string; candidates: string[] }>;
  /** Proxy log entries not kept (a page making more connections than the log holds). */
  proxyLogDropped?: number;
}

export interface Packaged {
  artifacts: ArtifactBytes[];
  metadata: Record<string, unknown>;
}

const header = (h: Record<string, string>, name: string): string | undefined => h[name.toLowerCase()];

/** `extracted`: extractAll(raw.html, raw.finalUrl). */
export async function packageCapture(raw: RawCapture, extracted: Omit<Extracted, 'links'>, pc: PackageContext, clock: PhaseClock = phaseClock()): Promise<Packaged> {
  const { meta, text } = extracted;
  const extra = raw.media.map((m) => m.exchange).filter((x): x is HttpExchange => !!x && !raw.traffic.exchanges.includes(x));
  const prov = provenance([...raw.traffic.exchanges, ...extra], raw.finalUrl, pc.unattributed);

  const metadata: Record<string, unknown> = {
    url: raw.url,
    finalUrl: raw.finalUrl,
    httpStatus: raw.status,
    responseHeaders: raw.responseHeaders,
    serverDate: header(raw.responseHeaders, 'date'),
    redirects: raw.redirects,
    httpVersion: prov.httpVersion,
    origins: prov.origins,
    bodies: prov.bodies,
    ...(prov.unattributedAddresses ? { unattributedAddresses: prov.unattributedAddresses } : {}),
    ...(pc.proxyLogDropped ? { proxyLogDropped: pc.proxyLogDropped } : {}),
    title: meta.title,
    canonicalUrl: meta.canonicalUrl,
    description: meta.description,
    lang: meta.lang,
    openGraph: meta.openGraph,
    viewport: pc.viewport,
    mobileViewport: pc.mobileViewport,
    userAgent: pc.tool.userAgent,
    browser: pc.tool.browser,
    browserSandbox: pc.sandbox,
    limits: raw.limits,
    scrolls: raw.scrolls,
    networkIdle: raw.networkIdle,
    screenshot: { fullHeight: raw.shot.fullHeight, height: pngHeight(raw.shot.png), truncated: raw.shot.truncated },
    requests: raw.traffic.exchanges.length,
    truncatedResponses: raw.traffic.exchanges.filter((x) => x.truncated).map((x) => x.url),
    failedRequests: raw.traffic.failed,
    pendingRequests: raw.traffic.pending,
    blockedRequests: raw.blocked,
    media: [] as Array<Record<string, unknown>>,
    startedAt: pc.startedAt,
    finishedAt: pc.finishedAt,
  };

  const artifacts: ArtifactBytes[] = [
    { name: 'screenshot.png', type: 'image/png', bytes: raw.shot.png, truncated: raw.shot.truncated || undefined, sourceUrl: raw.finalUrl },
  ];
  if (raw.mobileShot) artifacts.push({ name: 'screenshot-mobile.png', type: 'image/png', bytes: raw.mobileShot.png, truncated: raw.mobileShot.truncated || undefined, sourceUrl: raw.finalUrl });
  artifacts.push({ name: 'page.html', type: 'text/html; charset=utf-8', bytes: Buffer.from(raw.html, 'utf8'), sourceUrl: raw.finalUrl });
  if (raw.mhtml) artifacts.push({ name: 'page.mhtml', type: 'multipart/related', bytes: raw.mhtml, sourceUrl: raw.finalUrl });

  let n = 0;
  const mediaMeta = metadata.media as Array<Record<string, unknown>>;
  for (const m of raw.media) {
    const ex = m.exchange;
    if (!ex || !ex.body || ex.body.length === 0 || ex.status !== 200) {
      mediaMeta.push({ url: m.url, kind: m.kind, skipped: m.skipped ?? (ex?.truncated ? 'larger than capture.maxResponseBytes' : `HTTP ${ex?.status ?? 'none'}`) });
      continue;
    }
    const type = ex.responseHeaders.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream';
    const name = mediaName(n++, m.url, type);
    artifacts.push({ name, type, bytes: ex.body, truncated: ex.truncated || undefined, sourceUrl: m.url });
    mediaMeta.push({ url: m.url, kind: m.kind, name, truncated: ex.truncated || undefined, fetcher: ex.fetcher ?? 'browser' });
  }
  artifacts.push({ name: 'text.txt', type: 'text/plain; charset=utf-8', bytes: Buffer.from(text, 'utf8'), sourceUrl: raw.finalUrl });

  const warc = await clock.time('warc', () => buildWarc({
    filename: 'capture.warc.gz',
    info: {
      software: `${pc.tool.name}/${pc.tool.version} (${pc.tool.browser})`,
      format: 'WARC File Format 1.1',
      conformsTo: 'http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
      'http-header-user-agent': pc.tool.userAgent,
      isPartOf: raw.url,
    },
    exchanges: [...raw.traffic.exchanges, ...extra],
    resources: [
      { url: `urn:view:${raw.finalUrl}`, type: 'image/png', body: raw.shot.png, date: pc.finishedAt },
      { url: `urn:text:${raw.finalUrl}`, type: 'text/plain; charset=utf-8', body: Buffer.from(text, 'utf8'), date: pc.finishedAt },
    ],
    metadata: { pageUrl: raw.finalUrl, date: pc.finishedAt, json: metadata },
  }));
  artifacts.push({ name: 'capture.warc.gz', type: 'application/warc', bytes: warc.bytes });
  const wacz = await clock.time('wacz', () => buildWacz({
    warc: warc.bytes,
    index: warc.index,
    pages: [{ url: raw.finalUrl, ts: pc.startedAt, title: meta.title, text: text.slice(0, 10_000) }],
    software: `${pc.tool.name}/${pc.tool.version}`,
    created: pc.finishedAt,
    title: meta.title,
  }));
  artifacts.push({ name: 'capture.wacz', type: 'application/wacz', bytes: wacz });
  artifacts.push({ name: 'metadata.json', type: 'application/json', bytes: Buffer.from(JSON.stringify(metadata, null, 2), 'utf8') });
  return { artifacts, metadata };
}
