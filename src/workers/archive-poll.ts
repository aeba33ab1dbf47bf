// Writes what a changed poll saw: raw page bytes + http capture manifests, post records as
// blobs, the ObservationRecord, then event records; queues media, confirm and index jobs.
import { captureKey, eventKey, observationKey } from '../archive/keys.js';
import type { CaptureManifest, ObservationRecord } from '../archive/types.js';
import { deterministicId } from '../ids.js';
import { postBytes, toEventRecord, type OpenCandidate, type StepResult } from '../detect/index.js';
import type { Observation, Scraper, ScraperSettings } from '../scrapers/types.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { TOOL } from './pipeline-deps.js';
import { jobId } from './queues.js';
import { DIRECT_VANTAGE } from '../config/vantage.js';
import type { PollInput } from './observe-core.js';

const INDEX_OPTS = { removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 500 } } as const;

export function captureManifest(id: string, targetId: string, page: FetchResult, blob: { sha256: string; size: number }, vantage: string): CaptureManifest {
  return {
    v: 1,
    id,
    kind: 'http',
    status: 'done',
    target: targetId,
    url: page.url,
    request: page.request,
    response: { status: page.status, headers: page.headers, finalUrl: page.finalUrl },
    tool: { name: TOOL.name, version: TOOL.version, userAgent: page.request.headers['user-agent'], ...(page.browser ? { browser: `Chromium/${page.browser.version}` } : {}) },
    // A page a browser loaded (a step planned via browser): its HTML after load, and whether Chromium was sandboxed.
    ...(page.browser ? { browser: { sandbox: page.browser.sandbox } } : {}),
    // The vantage the request went out from: a network.vantages id, or for the default direct
    // vantage (this worker's own address) the worker's vantage name (`vigil run --vantage`).
    vantage: page.vantage && page.vantage.id !== DIRECT_VANTAGE.id ? page.vantage.id : vantage,
    ...(page.vantage?.country ? { vantageCountry: page.vantage.country } : {}),
    // Logged in or not, and which session (its label only: cookies are never recorded).
    loggedIn: page.loggedIn === true,
    ...(page.session ? { session: page.session } : {}),
    ...(page.redacted?.length ? { redacted: page.redacted } : {}),
    startedAt: page.startedAt,
    finishedAt: page.fetchedAt,
    artifacts: [{ name: 'page.html', sha256: blob.sha256, size: blob.size, type: page.headers['content-type'] ?? 'text/html' }],
    metadata: { purpose: page.purpose, ...(page.browser ? { via: 'browser' } : {}), ...(page.redirects.length ? { redirects: page.redirects } : {}) },
  };
}

/** Where the poll's own answer came from, and whether it was logged in (the session's label, never its cookies). */
const vantageFields = (p: FetchResult | undefined): Pick<ObservationRecord, 'vantage' | 'loggedIn' | 'session'> => ({
  ...(p?.vantage ? { vantage: p.vantage } : {}),
  loggedIn: p?.loggedIn === true,
  ...(p?.session ? { session: p.session } : {}),
});
/**
 * The answer that decided a candidate (a post's own URL answering "not found"): its bytes and an
 * http capture manifest naming the post, so the event's evidence (and its package) holds it.
 */
export async function archiveAnswer(d: PipelineDeps, a: { id: string; targetId: string; postId?: string; page: FetchResult; answered: string }): Promise<string> {
  const blob = await d.archive.putBlob(a.page.body, a.page.headers['content-type'] ?? 'text/html');
  const base = captureManifest(a.id, a.targetId, a.page, blob, d.vantage);
  const m: CaptureManifest = { ...base, ...(a.postId ? { postId: a.postId } : {}), metadata: { ...base.metadata, answered: a.answered } };
  await d.archive.putCapture(m);
  await d.queues.index.add('capture', { kind: 'capture' as const, key: captureKey(m.id) }, { ...INDEX_OPTS, jobId: jobId('idx', 'cap', m.id) });
  return m.id;
}

interface Change {
  targetId: string;
  input: PollInput;
  /** The platform's answer to "which browser captures does it want" (Scraper.captures), and its settings. */
  captures: Scraper['captures'];
  settings: ScraperSettings;
  pages: { page: FetchResult; obs: Observation }[];
  obs: Observation;
  step: StepResult;
  observationId: string;
  observedAt: string;
  /** Posts whose interactions changed this poll, already archived (src/workers/interactions.ts). */
  interactions?: ObservationRecord['interactions'];
  /** Every vantage's answer when a suspected block was re-checked from the target's others. */
  vantageChecks?: ObservationRecord['vantageChecks'];
  /** Shadow-ban probes run with this poll, already archived (src/workers/shadow-probes.ts). */
  probes?: ObservationRecord['probes'];
}

export async function archiveChange(d: PipelineDeps, c: Change): Promise<void> {
  const captures = await Promise.all(
    c.pages.map(async ({ page }, i) => {
      const blob = await d.archive.putBlob(page.body, page.headers['content-type'] ?? 'text/html');
      const m = captureManifest(deterministicId(c.input.jobTime, `${c.input.jobKey}|cap|${i}`), c.targetId, page, blob, d.vantage);
      await d.archive.putCapture(m);
      return m.id;
    }),
  );
  const posts = await Promise.all(
    c.obs.posts.map(async (p) => {
      const b = await d.archive.putBlob(postBytes(p), 'application/json');
      return { id: p.id, key: p.key, order: p.order, sha256: b.sha256, ...(p.views !== undefined ? { views: p.views } : {}) };
    }),
  );
  const rec: ObservationRecord = {
    v: 1,
    id: c.observationId,
    target: c.targetId,
    platform: c.obs.platform,
    url: c.obs.url,
    observedAt: c.observedAt,
    state: c.obs.state,
    ...(c.obs.stateReason ? { stateReason: c.obs.stateReason } : {}),
    ...(c.obs.channel ? { channel: c.obs.channel } : {}),
    captures,
    posts,
    ...(c.obs.range ? { range: c.obs.range } : {}),
    contentDigest: c.step.digest,
    ...(c.interactions?.length ? { interactions: c.interactions } : {}),
    ...vantageFields(c.pages[0]?.page),
    ...(c.vantageChecks?.length ? { vantageChecks: c.vantageChecks } : {}),
    ...(c.obs.geo ? { geo: c.obs.geo } : {}),
    ...(c.probes?.length ? { probes: c.probes } : {}),
  };
  await d.archive.putObservation(rec);
  await queueMedia(d, c);
  await queueCaptures(d, c);
  await d.queues.index.addBulk([
    ...captures.map((id) => ({ name: 'capture', data: { kind: 'capture' as const, key: captureKey(id) }, opts: { ...INDEX_OPTS, jobId: jobId('idx', 'cap', id) } })),
    { name: 'observation', data: { kind: 'observation' as const, key: observationKey(rec.id) }, opts: { ...INDEX_OPTS, jobId: jobId('idx', 'obs', rec.id) } },
  ]);
}

/**
 * Browser snapshots of new and edited posts by the capture engine, when the platform wants them
 * (Scraper.captures: Telegram posts under capture.telegramPosts, statements under capture.statements).
 */
async function queueCaptures(d: PipelineDeps, c: Change): Promise<void> {
  const cs = d.settings.capture;
  if (!cs.enabled || !c.captures.wanted(cs, c.settings) || !d.queues.capture) return;
  const posts = [...c.step.diff.added.filter((p) => !p.service && /^https?:/.test(p.url)), ...c.step.diff.changed.map((x) => x.post)];
  if (posts.length === 0) return;
  const kind = c.captures.kind;
  await d.queues.capture.addBulk(
    posts.map((p) => ({
      name: 'capture',
      data: { targetId: c.targetId, url: p.url, postId: p.id, reason: c.step.diff.added.includes(p) ? `new_${kind}` : `edited_${kind}` },
      opts: { jobId: jobId('cap', c.targetId, p.key, c.step.diff.digests.get(p.key) ?? ''), attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
    })),
  );
}

async function queueMedia(d: PipelineDeps, c: Change): Promise<void> {
  if (!d.settings.archive.archiveMedia) return;
  const jobs = c.step.diff.added.flatMap((p) =>
    p.media
      .filter((m) => m.url && /^https?:/.test(m.url))
      .map((m, i) => ({
        name: 'media',
        data: { targetId: c.targetId, postId: p.id, url: m.url!, mediaType: m.type, observationId: c.observationId },
        opts: { jobId: jobId('media', c.targetId, p.key, i), attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
      })),
  );
  if (jobs.length) await d.queues.archive.addBulk(jobs);
}

export interface EventWrite {
  targetId: string;
  spec: string;
  created: OpenCandidate[];
  confirmed: OpenCandidate[];
  dismissed: OpenCandidate[];
  at: string;
}

/** One immutable record per status transition; confirm jobs for new candidates, delayed by minSpan. */
export async function writeEvents(d: PipelineDeps, w: EventWrite): Promise<void> {
  const recs = [
    ...w.created.map((c) => toEventRecord(c, 'candidate', w.at)),
    ...w.confirmed.map((c) => toEventRecord(c, 'confirmed', w.at)),
    ...w.dismissed.map((c) => toEventRecord(c, 'dismissed', w.at)),
  ];
  if (recs.length === 0) return;
  await Promise.all(recs.map((r) => d.archive.putEvent(r)));
  await d.queues.index.addBulk(
    recs.map((r) => ({ name: 'event', data: { kind: 'event' as const, key: eventKey(r.id, r.status) }, opts: { ...INDEX_OPTS, jobId: jobId('idx', 'ev', r.id, r.status) } })),
  );
  if (w.created.length) {
    const delay = d.settings.detection.confirm.minSpan;
    await d.queues.confirm.add(
      'confirm',
      { targetId: w.targetId, spec: w.spec, candidateIds: w.created.map((c) => c.id), round: 1 },
      { jobId: jobId('confirm', w.targetId, w.created[0].id, 1), delay, attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 },
    );
  }
}
