// The web UI in real Chromium over a real Vigil (redis-server, s3rver, PGlite, BullMQ workers,
// the scheduler, Chromium captures) watching two simulated press offices: add targets (form and
// CSV), watch a deletion appear, open the deleted post, see an edit's diff, replay its capture
// (ReplayWeb.page on the replay origin), search in Russian with another word form, make a
// dossier of two items (HTML, PDF) and verify its one evidence package; page through a channel
// with more posts than a page (the Telegram simulator); see a campaign the pipeline detected
// (two channels attacked by the same accounts, one then blocked) on the Campaigns screen.
// Screenshots of the main screens go to docs/screenshots/ (README shows them).
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
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { unzipFiles } from '../../src/archive/export/zip.js';
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
let tg: Sim;
let tgServer: SimServer;

interface EventJson { id: string; type: string; status: string; postId?: string; evidence: string[] }
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${api}${path}`)).json()) as T;
const addTarget = async (id: string, spec: string) => {
  const r = await fetch(`${api}/api/targets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, spec, every: '2s' }) });
  expect(r.status, await r.clone().text()).toBe(201);
};
const targetOf = (id: string) => getJson<{ target: { state: string; postCount: number } }>(`/api/targets/${id}`).then((r) => r.target);
const eventOf = async (target: string, type: string, status = 'confirmed') => (await getJson<{ events: EventJson[] }>(`/api/events?target=${target}&type=${type}&status=${status}`)).events[0];
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
const TID = 'ministry';

beforeAll(async () => {
  [redis, s3, press, court] = await Promise.all([startRedis(), startS3(), startPressSite(), startPressSite()]);
  // The Telegram simulator: a channel with more posts than a page of the timeline (50), and two
  // channels a bot farm will attack with the same accounts.
  tg = createSim();
  tgServer = await startSimServer({ sim: tg });
  for (const [name, posts] of [['bigchan', 130], ['rightsmon', 4], ['presswatch', 3]] as const) {
    tg.world.addChannel({ username: name, title: `Channel ${name}` });
    tg.apply({ type: 'post', channel: name, count: posts });
  }
  dir = await mkdtemp(join(tmpdir(), 'vigil-ui-e2e-'));
  const settings = SettingsSchema.parse({
    dataDir: dir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: 'uie2e' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    http: { port: 0 },
    scheduler: { tick: '500ms' },
    network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, concurrency: 4 },
    platforms: { telegram: { baseUrl: tgServer.url, rescanPages: 0, interactionsPerPoll: 2, commentsLimit: 100 } },
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
  await Promise.all([press?.close(), court?.close(), tgServer?.close()]);
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

  it('makes a dossier of two events (HTML and PDF) and downloads one evidence package of both that verifies', async () => {
    const tid = ids.ministry;
    const del = await eventOf(tid, 'post_deleted');
    const edit = await eventOf(tid, 'post_edited');
    await page.goto(`${api}/events?target=${tid}&status=confirmed`);
    await page.locator(`tr[id="${del.id}"] input[name=event]`).check();
    await page.locator(`tr[id="${edit.id}"] input[name=event]`).check();
    await page.click('button[form=pick]');
    await page.waitForURL(/\/dossier\?event=/);
    expect(await page.locator('section.item[data-kind=event]').count()).toBe(2);
    expect(await page.locator('section.item').count()).toBeGreaterThanOrEqual(4); // the events and their posts
    expect(await page.locator('svg.chart').count()).toBe(1);
    await shot('dossier');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/dossier.pdf"]')]);
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    // One link, one package of every item: no per-item packages any more.
    expect(await page.locator('section.item a[href^="/api/export"]').count()).toBe(0);
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('a.package')]);
    expect(zip.suggestedFilename()).toMatch(/^vigil-dossier-2-\d{8}T\d{6}Z\.zip$/);
    const bytes = await readFile((await zip.path())!);
    const report = await verifyPackage(bytes);
    expect(report.faults).toEqual([]);
    expect(report.ok).toBe(true);
    const index = JSON.parse((await unzipFiles(bytes)).get('package-index.json')!.toString()) as { items: { kind: string; id: string }[] };
    const events = new Set(index.items.filter((i) => i.kind === 'event').map((i) => i.id));
    expect([events.has(del.id), events.has(edit.id)]).toEqual([true, true]);
    // Both made it into the audit log (open mode on loopback: the actor is `local`).
    const audit = (await getJson<{ entries: { action: string; details: { format?: string } }[] }>('/api/audit?limit=50')).entries;
    expect(audit.filter((e) => e.action === 'dossier').map((e) => e.details.format)).toEqual(expect.arrayContaining(['html', 'pdf', 'zip']));
  }, 300_000);

  it('pages through a channel with more posts than one page, older and older, every post once', async () => {
    await addTarget('bigchan', 'telegram:bigchan');
    await until(async () => ((await targetOf('bigchan')).postCount >= 130 ? true : undefined), 'the channel backfilled', { tries: 240, everyMs: 500 });
    await page.goto(`${api}/t/bigchan`);
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(...(await page.locator('.post > div:first-child > a:first-child').allInnerTexts()));
      const older = page.locator('a.older').first();
      if ((await older.count()) === 0) break;
      await Promise.all([page.waitForNavigation(), older.click()]);
      expect(page.url()).toContain('cursor=');
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(await page.locator('.pager a').first().innerText()).toBe('Newest posts');
  }, 300_000);

  it('shows a campaign the pipeline detected: members, attackers, its chart of attacks against the takedown', async () => {
    await addTarget('rightsmon', 'telegram:rightsmon');
    await addTarget('presswatch', 'telegram:presswatch');
    for (const id of ['rightsmon', 'presswatch']) await until(async () => ((await targetOf(id)).state === 'ok' ? true : undefined), `${id} ok`, { tries: 240, everyMs: 500 });
    tg.apply({ type: 'attack', channel: 'rightsmon', num: 4, count: 30, seed: 42, lookalikes: 2 });
    const attack = await until(() => eventOf('rightsmon', 'attack_suspected'), 'the first attack', { tries: 240, everyMs: 500 });
    tg.apply({ type: 'attack', channel: 'presswatch', num: 3, count: 30, seed: 42, lookalikes: 0 });
    const campaign = await until(async () => (await getJson<{ campaigns: { id: string; members: string[]; attackers: string[] }[] }>('/api/campaigns')).campaigns[0], 'a campaign', { tries: 240, everyMs: 500 });
    expect(campaign.members).toEqual(['presswatch', 'rightsmon']);
    expect(campaign.attackers.length).toBeGreaterThanOrEqual(3);
    tg.apply({ type: 'block', channel: 'rightsmon' });
    const blocked = await until(() => eventOf('rightsmon', 'account_restricted'), 'the block confirmed', { tries: 240, everyMs: 500 });
    await page.goto(`${api}/`);
    await page.click('header a[href="/campaigns"]');
    const card = page.locator(`section.campaign[id="${campaign.id}"]`);
    expect(await card.locator('a.member').allInnerTexts()).toEqual(['presswatch', 'rightsmon']);
    expect(await card.locator('.attackers').innerText()).toContain(campaign.attackers[0]);
    expect(await card.locator('svg.chart circle').count()).toBeGreaterThanOrEqual(3); // two attacks and the block
    const row = card.locator(`tr[data-kind=takedown]:has(a[href="/e/${blocked.id}"])`);
    expect(await row.innerText()).toContain('consistent with');
    expect(await row.locator(`a[href="/e/${attack.id}"]`).count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toMatch(/caused/i);
    await card.scrollIntoViewIfNeeded();
    await shot('campaigns');
    await page.goto(`${api}/lang/ru?next=${encodeURIComponent('/campaigns')}`);
    expect(await page.locator('h1').innerText()).toBe('Кампании');
    expect(await page.locator('main').innerText()).toContain('согласуется с');
    await page.goto(`${api}/lang/en?next=%2F`);
  }, 300_000);

  it('ops: bull-board lists the queues', async () => {
    await page.goto(`${api}/ops`);
    await page.click('a[href="/ops/queues"]');
    await expect.poll(async () => page.locator('body').innerText(), { timeout: 30_000 }).toContain('observe');
  }, 60_000);
});

const ids: Record<'ministry', string> = { ministry: TID };
