// The web UI in real Chromium over a real Vigil (redis-server, s3rver, PGlite, BullMQ workers,
// the scheduler, Chromium captures) watching two simulated press offices: add targets (form and
// CSV), watch a deletion appear, open the deleted post, see an edit's diff, replay its capture
// (ReplayWeb.page on the replay origin), search in Russian with another word form, make a
// dossier (HTML, PDF) and verify its evidence package. Screenshots of the main screens go to
// docs/screenshots/ (README shows them).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { startApp, type App } from '../../src/app/start.js';
import { CHROMIUM_ARGS } from '../../src/capture/browser-pool.js';
import { verifyPackage } from '../../src/archive/export/index.js';
import { startPressSite, type PressSite } from '../../src/sim/press/index.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { until } from '../helpers/pipeline.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const EDITED = 'zayavlenie-o-massovyh-zaderzhaniyah';
const REMOVED = 'o-proverke-soobscheniy-v-smi';
const EDITED_TEXT = 'В ходе несанкционированной акции задержаны 214 человек.\nВсе задержанные доставлены в территориальные отделы полиции для составления протоколов.\nПрименение специальных средств не зафиксировано.';

let redis: TestRedis;
let s3: TestS3;
let press: PressSite;
let court: PressSite;
let app: App;
let dir: string;
let browser: Browser;
let page: Page;
let api: string;

interface EventJson { id: string; type: string; status: string; postId?: string; evidence: string[] }
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${api}${path}`)).json()) as T;
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
const TID = 'ministry';

beforeAll(async () => {
  [redis, s3, press, court] = await Promise.all([startRedis(), startS3(), startPressSite(), startPressSite()]);
  dir = await mkdtemp(join(tmpdir(), 'vigil-ui-e2e-'));
  const settings = SettingsSchema.parse({
    dataDir: dir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: 'uie2e' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    http: { port: 0 },
    scheduler: { tick: '500ms' },
    network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, concurrency: 4 },
    detection: { confirm: { minSpan: '1s', minObservations: 2 } },
    capture: { enabled: true, statements: true, concurrency: 2, navigationTimeout: '15s', networkIdleTimeout: '500ms', totalTimeout: '45s', maxScrolls: 0 },
    archive: { seenFlushEvery: '500ms', archiveMedia: false },
  });
  app = await startApp({ settings, log: pino({ level: 'silent' }), roles: ['worker', 'web', 'scheduler'] });
  api = app.apiUrl!;
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS], headless: true });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([press?.close(), court?.close()]);
  await Promise.all([redis?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('web UI in Chromium', () => {
  it('adds targets with the form and from CSV, and shows their status badges', async () => {
    await page.goto(`${api}/`);
    const openForms = () => page.locator('details').evaluate((d: HTMLDetailsElement) => void (d.open = true));
    await openForms();
    await page.fill('form[action="/targets/add"] input[name=spec]', `rss:${press.url}/press/rss.xml`);
    await page.fill('form[action="/targets/add"] input[name=every]', '2s');
    await page.fill('form[action="/targets/add"] input[name=tags]', 'ministry official');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/targets/add"] button')]);
    expect(page.url(), await page.content()).toBe(`${api}/`);
    // The generated id is platform-key; rename-free: find its row by spec.
    const first = (await getJson<{ targets: { id: string; spec: string }[] }>('/api/targets')).targets.find((t) => t.spec.includes(press.url))!;
    expect(first).toBeTruthy();
    ids.ministry = first.id;
    await openForms();
    await page.fill('form[action="/targets/import"] textarea', `spec,every,tags\nrss:${court.url}/press/rss.xml,1h,court|regional\nnot-a-spec,5m,\n`);
    await page.click('form[action="/targets/import"] button');
    await expect.poll(() => page.locator('ul.errors li').count()).toBe(1);
    const rows = await page.locator('table tr').count();
    expect(rows).toBe(3); // header + 2 targets
    expect(await page.locator(`tr:has-text("${court.url}") input[name=tags]`).inputValue()).toBe('court regional');
    // Badges go live: the first poll turns "pending" into "ok" without a reload.
    await until(async () => ((await page.locator(`span.status[data-target="${ids.ministry}"]`).innerText()).includes('ok') ? true : undefined), 'ok badge', { tries: 120, everyMs: 500 });
    // Pause the court target from its row: it keeps its row, shows "paused", and is off the schedule.
    await Promise.all([page.waitForNavigation(), page.click(`tr:has-text("${court.url}") form[action$="/pause"] button`)]);
    const courtRow = page.locator(`tr:has-text("${court.url}")`);
    expect(await courtRow.locator('.badge.b-paused').count()).toBe(1);
    expect(await courtRow.locator('form[action$="/resume"]').count()).toBe(1);
    const listed = (await getJson<{ targets: { spec: string; paused: boolean }[] }>('/api/targets')).targets.find((t) => t.spec.includes(court.url));
    expect(listed?.paused).toBe(true);
  }, 120_000);

  it('watches a deletion appear and an edit, and opens the deleted post', async () => {
    const tid = ids.ministry;
    // Every statement archived and its page captured before anything changes.
    await until(async () => ((await getJson<{ posts: unknown[] }>(`/api/targets/${tid}/posts`)).posts.length >= 5 ? true : undefined), 'statements indexed', { tries: 240, everyMs: 500 });
    await page.goto(`${api}/`);
    await shot('targets');
    press.control.edit(EDITED, { text: EDITED_TEXT });
    press.control.remove(REMOVED, { status: 404 });
    await page.goto(`${api}/events?target=${tid}&type=post_deleted&status=confirmed`);
    await until(async () => {
      if ((await page.locator('tr[id]').count()) > 0) return true;
      await page.reload();
      return undefined;
    }, 'the confirmed deletion on the events screen', { tries: 240, everyMs: 1000 });
    await page.goto(`${api}/events?target=${tid}`);
    await shot('events');
    const del = (await getJson<{ events: EventJson[] }>(`/api/events?target=${tid}&type=post_deleted&status=confirmed`)).events[0];
    await page.goto(`${api}/e/${del.id}`);
    await page.click('a.post-link');
    await expect.poll(() => page.locator('.post.deleted .badge.b-deleted').count()).toBeGreaterThan(0);
    expect(await page.locator('.post.deleted .text').first().innerText()).toContain('не соответствуют действительности');
    await shot('post-deleted');
  }, 300_000);

  it("shows an edit's two versions side by side with the changed words marked", async () => {
    const tid = ids.ministry;
    await until(async () => ((await getJson<{ events: EventJson[] }>(`/api/events?target=${tid}&type=post_edited&status=confirmed`)).events[0]), 'confirmed edit', { tries: 240, everyMs: 500 });
    await page.goto(`${api}/t/${tid}`);
    const edit = page.locator('.post.edited .edit').first();
    expect(await edit.locator('.before del.w').allInnerTexts()).toContain('14');
    expect(await edit.locator('.after ins.w').allInnerTexts()).toContain('214');
    await edit.scrollIntoViewIfNeeded();
    await shot('target-edit');
  }, 300_000);

  it('replays the capture of the edited statement inside the page', async () => {
    const tid = ids.ministry;
    const post = `${press.url}/press/${EDITED}`;
    const capId = await until(async () => {
      const posts = (await getJson<{ posts: { id: string; artifacts: { name: string; captureId: string }[] }[] }>(`/api/targets/${tid}/posts`)).posts;
      return posts.find((p) => p.id === post)?.artifacts.find((a) => a.name.endsWith('.wacz'))?.captureId;
    }, 'a WACZ capture of the edited statement', { tries: 240, everyMs: 500 });
    await page.goto(`${api}/c/${capId}`);
    expect(await page.locator('textarea[data-cite="Markdown"]').inputValue()).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(await page.locator('img.shot').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    // ReplayWeb.page: its iframe (replay origin) holds the archived page, rewritten by its service worker.
    const replayed = await until(async () => {
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (text.includes('задержаны 14 человек') || text.includes('задержаны 214 человек')) return f.url();
      }
      return undefined;
    }, 'the archived statement replayed in the page', { tries: 120, everyMs: 1000 });
    expect(new URL(replayed).origin).not.toBe(new URL(api).origin); // archived scripts never run in Vigil's origin
    await page.locator('replay-web-page').scrollIntoViewIfNeeded();
    await shot('capture-replay');
  }, 300_000);

  it('searches in Russian with another word form, in the Russian UI', async () => {
    await page.goto(`${api}/lang/ru?next=${encodeURIComponent('/search')}`);
    expect(await page.locator('header').innerText()).toContain('Объекты');
    // "заявления" (genitive) finds the title "Заявление пресс-службы…" (nominative).
    await page.fill('input[name=q]', 'заявления');
    await page.click('form[action="/search"] button');
    const marks = await page.locator('.snippet mark').allInnerTexts();
    expect(marks.map((m) => m.toLowerCase())).toContain('заявление');
    await shot('search-ru');
    await page.goto(`${api}/lang/en?next=%2F`);
  }, 120_000);

  it('makes a dossier of the deletion (HTML and PDF) and its evidence package verifies', async () => {
    const tid = ids.ministry;
    await page.goto(`${api}/events?target=${tid}&type=post_deleted`);
    await page.locator('tr[id] input[name=event]').first().check();
    await page.click('button[form=pick]');
    await page.waitForURL(/\/dossier\?event=/);
    expect(await page.locator('section.item').count()).toBeGreaterThanOrEqual(2); // the event and its post
    expect(await page.locator('svg.chart').count()).toBe(1);
    await shot('dossier');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/dossier.pdf"]')]);
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('section.item[data-kind=event] a[href^="/api/export"]')]);
    const report = await verifyPackage(await readFile((await zip.path())!));
    expect(report.faults).toEqual([]);
    expect(report.ok).toBe(true);
  }, 300_000);

  it('ops: bull-board lists the queues', async () => {
    await page.goto(`${api}/ops`);
    await page.click('a[href="/ops/queues"]');
    await expect.poll(async () => page.locator('body').innerText(), { timeout: 30_000 }).toContain('observe');
  }, 60_000);
});

const ids: Record<'ministry', string> = { ministry: TID };
