// Records every request/response a browser context makes (Playwright events), with bodies
// capped at maxResponseBytes, for the WARC. Also tracks in-flight requests for "network idle".
// Memory budget: once the bodies kept reach maxTotalBytes, further bodies are not kept (headers
// are, marked truncated) and `overBudget` counts them, so the capture is `partial`.
import type { BrowserContext, Request } from 'playwright-core';
import type { Logger } from 'pino';
import type { HttpExchange, TlsDetails } from './types.js';

export interface RecorderOptions {
  maxResponseBytes: number;
  /** Total body bytes kept across all exchanges (capture.maxTotalBytes); unbounded when absent. */
  maxTotalBytes?: number;
  log: Logger;
}

export interface Recorder {
  inflight(): number;
  /**
   * Resolves true once nothing was in flight for `quietMs` (counted from the last request event,
   * and not before `since` + `quietMs`), false when `timeoutMs` ran out.
   */
  waitForIdle(quietMs: number, timeoutMs: number, since?: number): Promise<boolean>;
  /** Waits (bounded) for pending body reads, then returns what was recorded. */
  finish(timeoutMs: number): Promise<RecordedTraffic>;
}

export interface RecordedTraffic {
  exchanges: HttpExchange[];
  failed: Array<{ url: string; error: string }>;
  /** Requests still running when recording stopped (hung resources). */
  pending: string[];
  /** Body bytes kept (counts against capture.maxTotalBytes). */
  keptBytes: number;
  /** Bodies not kept because the budget was spent. */
  overBudget: number;
}

const headerValue = (h: Array<{ name: string; value: string }>, name: string): string | undefined =>
  h.find((x) => x.name.toLowerCase() === name)?.value;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isoSeconds = (s: number | undefined): string | undefined => (typeof s === 'number' && Number.isFinite(s) && s > 0 ? new Date(s * 1000).toISOString() : undefined);

/** Pure: Playwright's securityDetails() as the manifest records it (validity as ISO dates). */
export function tlsDetails(d: { protocol?: string; issuer?: string; subjectName?: string; validFrom?: number; validTo?: number } | null): TlsDetails | undefined {
  if (!d) return undefined;
  return { protocol: d.protocol, issuer: d.issuer, subjectName: d.subjectName, validFrom: isoSeconds(d.validFrom), validTo: isoSeconds(d.validTo) };
}

export function startRecorder(ctx: BrowserContext, opts: RecorderOptions): Recorder {
  const exchanges: HttpExchange[] = [];
  const failed: RecordedTraffic['failed'] = [];
  const open = new Set<Request>();
  const reads = new Set<Promise<void>>();
  let lastActivity = Date.now();
  let stopped = false;
  let kept = 0;
  let overBudget = 0;
  const budgetLeft = (): number => (opts.maxTotalBytes ?? Infinity) - kept;

  const record = async (req: Request): Promise<void> => {
    const resp = await req.response();
    if (!resp) return;
    // One round of questions, asked together: headers, the protocol Chromium negotiated (CDP
    // Network.Response.protocol), where it connected, and the TLS it saw (it terminates TLS).
    const [reqHeaders, respHeaders, httpVersion, serverAddr, security] = await Promise.all([
      req.headersArray(),
      resp.headersArray(),
      resp.httpVersion().catch(() => 'unknown'),
      resp.serverAddr().catch(() => null),
      req.url().startsWith('https:') ? resp.securityDetails().catch(() => null) : null,
    ]);
    const status = resp.status();
    let body: Buffer | null = null;
    let truncated = false;
    const declared = Number(headerValue(respHeaders, 'content-length') ?? NaN);
    const isRedirect = status >= 300 && status < 400 && headerValue(respHeaders, 'location') !== undefined;
    if (Number.isFinite(declared) && declared > opts.maxResponseBytes) {
      truncated = true; // never pull an over-size body into memory
    } else if (!isRedirect && (budgetLeft() <= 0 || (Number.isFinite(declared) && declared > budgetLeft()))) {
      truncated = true; // budget spent: keep the headers only
      overBudget++;
    } else if (!isRedirect) {
      try {
        body = await resp.body();
        if (body.length > opts.maxResponseBytes) {
          body = body.subarray(0, opts.maxResponseBytes);
          truncated = true;
        }
        // Checked again after the read: other bodies may have landed meanwhile.
        if (body.length > budgetLeft()) {
          body = null;
          truncated = true;
          overBudget++;
        } else {
          kept += body.length;
        }
      } catch (e) {
        // Bodies can be gone (navigated away, evicted); keep the headers and say so.
        truncated = status !== 204 && status !== 304;
        opts.log.debug({ url: req.url(), err: e }, 'response body unavailable');
      }
    }
    const timing = req.timing();
    const started = timing.startTime > 0 ? timing.startTime : undefined;
    const at = started !== undefined && timing.responseStart >= 0 ? started + timing.responseStart : Date.now();
    const endMs = started !== undefined && timing.responseEnd >= 0 ? started + timing.responseEnd : Date.now();
    if (stopped) return;
    exchanges.push({
      url: req.url(),
      method: req.method(),
      requestHeaders: reqHeaders.map((h) => [h.name, h.value]),
      requestBody: req.postDataBuffer() ?? undefined,
      status,
      statusText: resp.statusText(),
      httpVersion,
      ...(serverAddr ? { serverAddr } : {}),
      ...(security ? { tls: tlsDetails(security) } : {}),
      ...(started !== undefined ? { startMs: started } : {}),
      endMs,
      responseHeaders: respHeaders.map((h) => [h.name, h.value]),
      body,
      truncated,
      date: new Date(at).toISOString(),
      resourceType: req.resourceType(),
    });
  };

  const done = (req: Request): void => {
    open.delete(req);
    lastActivity = Date.now();
    if (stopped) return;
    const p = record(req).catch((e: unknown) => opts.log.debug({ url: req.url(), err: e }, 'cannot record exchange'));
    reads.add(p);
    void p.finally(() => reads.delete(p));
  };

  ctx.on('request', (req) => {
    open.add(req);
    lastActivity = Date.now();
  });
  // A redirect finishes the first request and starts a new one (req.redirectedFrom()).
  ctx.on('requestfinished', done);
  ctx.on('requestfailed', (req) => {
    open.delete(req);
    lastActivity = Date.now();
    failed.push({ url: req.url(), error: req.failure()?.errorText ?? 'failed' });
  });

  return {
    inflight: () => open.size,
    waitForIdle: async (quietMs, timeoutMs, since = 0) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const now = Date.now();
        if (open.size === 0 && now - Math.max(lastActivity, since) >= quietMs) return true;
        if (now >= end) return false;
        await sleep(Math.min(25, Math.max(1, end - now)));
      }
    },
    finish: async (timeoutMs) => {
      const all = Promise.all([...reads]);
      await Promise.race([all, sleep(timeoutMs)]);
      stopped = true;
      return { exchanges: [...exchanges], failed: [...failed], pending: [...open].map((r) => r.url()), keptBytes: kept, overBudget };
    },
  };
}
