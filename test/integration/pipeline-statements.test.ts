// Official statements end to end through BullMQ workers: real redis-server, real s3rver, real
// Chromium (statement captures) and the simulated press office. New statements are archived
// and captured; edits are confirmed with a text diff and both versions' blobs; removals (404,
// 410) are confirmed by the item's own page; a 503 burst and items falling off a short feed
// window produce no event. web listings (titles only): an edit made only on the statement's own
// page is found by the bounded re-checks of own pages; a 503 on such a page is no verdict.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureManifest } from '../../src/archive/types.js';
import { startPressSite, type PressSite } from '../../src/sim/press/index.js';
import { sleep, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'stmt',
  app: {
    jobPrefix: 's',
    settings: {
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 4 },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: true, statements: true, concurrency: 2, navigationTimeout: '10s', networkIdleTimeout: '500ms', totalTimeout: '30s', maxScrolls: 0 },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { poll, eventsFor, waitFor, observations } = h;
const sites: PressSite[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function site(): Promise<PressSite> {
  const s = await startPressSite();
  sites.push(s);
  return s;
}

const blobJson = async (sha: string): Promise<{ text: string; url: string }> => JSON.parse((await h.app.core.archive.getBlob(sha))!.toString('utf8'));

/** The press feed cut to its `keep` newest items: a real feed window that drops old items. */
async function shortFeed(s: PressSite, keep: number): Promise<string> {
  const server = createServer((req, res) => {
    fetch(`${s.url}/press/rss.xml`)
      .then(async (r) => {
        let n = 0;
        const body = (await r.text()).replace(/\s*<item>[\s\S]*?<\/item>/g, (m) => (++n <= keep ? m : ''));
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/rss+xml' });
        res.end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
}

describe('rss statements', () => {
  it('a new statement is archived (record blob) and its own page captured by the browser', async () => {
    const s = await site();
    const spec = `rss:${s.url}/press/rss.xml`;
    expect((await poll('new', spec)).state).toBe('ok');
    const item = s.control.publish({ slug: 'novoe-zayavlenie', title: 'Новое заявление', text: 'Первый абзац нового заявления.' });
    const r = await poll('new', spec);
    expect(r.unchanged).toBe(false);
    const url = `${s.url}/press/${item.slug}`;
    const rec = (await observations('new')).find((o) => o.id === r.observationId)!;
    const stored = await Promise.all(rec.posts.map((p) => blobJson(p.sha256)));
    expect(stored.find((p) => p.url === url)?.text).toContain('Первый абзац нового заявления.');
    let cap: CaptureManifest | undefined;
    for (let i = 0; i < 150 && !cap; i++) {
      for await (const key of h.app.core.archive.listKeys('captures/')) {
        const m = await h.app.core.archive.getJson(key, CaptureManifest);
        if (m?.kind === 'browser' && m.target === 'new' && m.url.startsWith(url)) cap = m;
      }
      if (!cap) await sleep(200);
    }
    expect(cap?.metadata?.reason).toBe('new_statement');
    expect(await eventsFor('new')).toEqual([]);
  });

  it('an edited statement: confirmed post_edited with a diff and both versions kept', async () => {
    const s = await site();
    const spec = `rss:${s.url}/press/rss.xml`;
    await poll('ed', spec);
    s.control.edit('zayavlenie-o-massovyh-zaderzhaniyah', { text: 'В ходе несанкционированной акции задержаны 214 человек.\nВсе задержанные доставлены в территориальные отделы полиции для составления протоколов.' });
    const r = await poll('ed', spec);
    expect(r.created).toHaveLength(1);
    const e = await waitFor('ed', 'post_edited');
    expect(e.postId).toBe(`${s.url}/press/zayavlenie-o-massovyh-zaderzhaniyah`);
    const diff = String(e.details?.diff);
    expect(diff).toContain('-В ходе несанкционированной акции задержаны 14 человек.');
    expect(diff).toContain('+В ходе несанкционированной акции задержаны 214 человек.');
    expect(diff).toContain('-Применение специальных средств не зафиксировано.');
    const [before, after] = await Promise.all([blobJson(String(e.details?.fromBlob)), blobJson(String(e.details?.toBlob))]);
    expect(before.text).toContain('задержаны 14 человек');
    expect(after.text).toContain('задержаны 214 человек');
  });

  it.each([
    // A statement in the middle of the feed (older ones still listed), removed with 404.
    ['o-proverke-soobscheniy-v-smi', 404, 'feed.missing_with_older_present'],
    // The oldest statement, removed with 410: only its own page can tell it from falling off.
    ['zayavlenie-o-massovyh-zaderzhaniyah', 410, 'feed.item_page_gone'],
  ] as const)('removed statement %s (%i): confirmed post_deleted by its own page', async (slug, status, rule) => {
    const s = await site();
    const spec = `rss:${s.url}/press/rss.xml`;
    const id = `rm${status}`;
    await poll(id, spec);
    s.control.remove(slug, { status });
    const r = await poll(id, spec);
    expect(r.created).toHaveLength(1);
    const e = await waitFor(id, 'post_deleted');
    expect(e.rule).toBe(rule);
    expect(e.postId).toBe(`${s.url}/press/${slug}`);
    expect(e.details?.probe).toBe('missing');
    expect(Date.parse(e.confirmedAt!) - Date.parse(e.detectedAt)).toBeGreaterThanOrEqual(1000);
    expect((await eventsFor(id)).map((x) => x.type)).not.toContain('post_edited');
    // The statement's own page answering 404/410 is kept as evidence of the confirmed event.
    const answers = (await Promise.all(e.evidence.map((x) => h.app.core.archive.getCapture(x)))).filter((m) => m?.metadata?.answered === 'missing');
    expect(answers.map((m) => [m!.postId, m!.response?.status])).toContainEqual([e.postId, status]);
  });

  it('a 503 burst on the feed and the item pages produces no event', async () => {
    const s = await site();
    const spec = `rss:${s.url}/press/rss.xml`;
    await poll('flaky', spec);
    s.control.fault({ status: 503, count: 3 });
    await poll('flaky', spec);
    await poll('flaky', spec);
    await sleep(1500); // let any confirm job run
    expect(await eventsFor('flaky')).toEqual([]);
    expect(s.model.faults).toEqual([]); // the burst was hit
  });

  it('an old statement falling off a short feed window because newer ones were published: no event', async () => {
    const s = await site();
    const spec = `rss:${await shortFeed(s, 3)}`;
    await poll('win', spec);
    const before = await h.app.core.states.load('win');
    expect(Object.keys(before.items ?? {})).toHaveLength(3);
    s.control.publish({ slug: 'svezhee-1', title: 'Свежее 1', text: 'Новость 1.' });
    s.control.publish({ slug: 'svezhee-2', title: 'Свежее 2', text: 'Новость 2.' });
    const r = await poll('win', spec);
    expect(r.created).toEqual([]);
    await poll('win', spec);
    await sleep(1500);
    expect(await eventsFor('win')).toEqual([]);
    const after = await h.app.core.states.load('win');
    expect(Object.keys(after.items ?? {})).toHaveLength(3); // the two that fell off are forgotten
  });
});

describe('web statements: edits made only on the statement\'s own page', () => {
  /** A fresh statement (seeded ones are older than recheckMaxAge) and the listing target. */
  async function webSite(id: string): Promise<{ s: PressSite; spec: string; num: number; url: string; slug: string }> {
    const s = await site();
    const item = s.control.publish({ slug: `${id}-zayavlenie`, title: 'Заявление о проверке', text: 'Проверка начата.\nРезультаты будут опубликованы.' });
    const spec = `web:${s.url}/press/#sel=li.news-item`;
    const url = `${s.url}/press/${item.slug}`;
    await poll(id, spec);
    const st = await h.app.core.states.load(id);
    const num = Number(Object.entries(st.items ?? {}).find(([, it]) => it.u === url)?.[0]);
    expect(num).toBeGreaterThan(0);
    return { s, spec, num, url, slug: item.slug };
  }

  it('text edited on the page, title unchanged: confirmed post_edited with a diff and both versions kept', async () => {
    const { s, spec, num, url, slug } = await webSite('pg');
    // The second poll re-checks the fresh statement's page: its baseline, no event.
    const base = await poll('pg', spec);
    expect(base.created).toEqual([]);
    const before = (await h.app.core.states.load('pg')).items![num];
    expect(before.p).toMatch(/^[0-9a-f]{64}$/);
    const listing = await (await fetch(`${s.url}/press/`)).text();
    s.control.edit(slug, { text: 'Проверка начата.\nРезультаты будут опубликованы.\nВ ходе проверки нарушений не выявлено.' });
    expect(await (await fetch(`${s.url}/press/`)).text()).toBe(listing); // the listing does not show it
    const r = await poll('pg', spec);
    expect(r.unchanged).toBe(true);
    expect(r.created).toHaveLength(1);
    const e = await waitFor('pg', 'post_edited');
    expect(e.rule).toBe('item_page.text_changed');
    expect(e.postId).toBe(url);
    expect(String(e.details?.diff)).toContain('+В ходе проверки нарушений не выявлено.');
    expect(e.details?.fromBlob).toBe(before.p);
    const [v1, v2] = await Promise.all([blobJson(String(e.details?.fromBlob)), blobJson(String(e.details?.toBlob))]);
    expect(v1.text).not.toContain('нарушений не выявлено');
    expect(v1.text).toContain('Результаты будут опубликованы.');
    expect(v2.text).toContain('В ходе проверки нарушений не выявлено.');
    expect(v2.url).toBe(url);
    // The accepted page version is the new one: a further poll makes no new candidate.
    expect((await h.app.core.states.load('pg')).items![num].p).toBe(e.details?.toBlob);
    expect((await poll('pg', spec)).created).toEqual([]);
    // A browser capture of the new version is queued (the queue is busy with the new statements'
    // captures, so the job is looked up; a finished one has left its manifest instead).
    const capJob = await h.app.core.queues.capture.getJob(`cap-pg-${num}-${String(e.details?.toBlob).slice(0, 16)}`);
    let done = false;
    for await (const key of h.app.core.archive.listKeys('captures/')) {
      const m = await h.app.core.archive.getJson(key, CaptureManifest);
      if (m?.kind === 'browser' && m.target === 'pg' && m.metadata?.reason === 'edited_statement') done = true;
    }
    expect(capJob?.data ?? (done ? { url, reason: 'edited_statement' } : undefined)).toMatchObject({ url, reason: 'edited_statement' });
  });

  it('a 503 on the statement page: no verdict, no event, not counted as checked', async () => {
    const { s, spec, num, slug } = await webSite('pg503');
    await poll('pg503', spec); // baseline of the page
    const checked = (await h.app.core.states.load('pg503')).items![num].c;
    expect(checked).toBeGreaterThan(0);
    s.control.edit(slug, { text: 'Проверка начата.\nРезультаты будут опубликованы.\nДобавлено позже.' });
    s.control.fault({ status: 503, count: 2, path: `/press/${slug}` });
    await poll('pg503', spec);
    await poll('pg503', spec);
    expect(s.model.faults).toEqual([]); // both re-checks hit the 503
    expect((await h.app.core.states.load('pg503')).items![num].c).toBe(checked);
    await sleep(1500); // let any confirm job run
    expect(await eventsFor('pg503')).toEqual([]);
  });
});
