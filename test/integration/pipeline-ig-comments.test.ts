// Instagram comments end to end through the real workers (redis-server, s3rver, the catalog and the
// Instagram simulator), logged in with a configured session as Instagram requires for comments: a
// bot farm's burst of comments under the newest post is a confirmed attack_suspected whose evidence
// is the archived comments (observation, interactions blob, capture of the comments answer); a
// login wall or checkpoint on the comments answer is no verdict (no event, nothing recorded, the
// session not benched); a benign surge of real, diverse comments is no event.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobKey, captureKey } from '../../src/archive/keys.js';
import { CaptureManifest } from '../../src/archive/types.js';
import { startInstagramSim, IG_SESSION_COOKIE } from '../../src/sim/instagram/index.js';
import { usePipeline } from '../helpers/pipeline.js';

const ig = await startInstagramSim();
// Today's Instagram: the profile JSON and the comments are walled for logged-out clients.
ig.model.loggedOut = 'wall';
ig.model.commentsLoggedOut = 'wall';
const dir = await mkdtemp(join(tmpdir(), 'vigil-igc-'));
const file = join(dir, 'ig-monitor.json');
const sessionValue = ig.model.issueSession();
await writeFile(file, JSON.stringify({ cookies: [{ name: IG_SESSION_COOKIE, value: sessionValue, domain: '.instagram.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' }], origins: [] }));
afterAll(async () => {
  await ig.close();
  await rm(dir, { recursive: true, force: true });
});

const h = usePipeline({
  prefix: 'pigc',
  app: {
    jobPrefix: 'igc',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      // Two pages of ~15 comments per post (`next_min_id`): a burst of 30 is read whole.
      platforms: { instagram: { baseUrl: ig.url, interactionsPerPoll: 1, interactionsPages: 2 } },
      sessions: [{ platform: 'instagram', label: 'ig-monitor', storageState: file }],
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

const healthz = async () => (await (await fetch(`${h.app.apiUrl}/healthz`)).json()) as { alerts: { type: string; platform?: string }[] };

describe('instagram comments through the pipeline', () => {
  it('a farm burst under the newest post: confirmed attack_suspected, the comments archived as its evidence', async () => {
    ig.model.addAccount({ username: 'ig_rights', fullName: 'Rights Monitor' });
    const posts = ig.model.post('ig_rights', { count: 3 });
    const newest = posts[2]!;
    expect((await h.poll('igr', 'instagram:ig_rights')).state).toBe('ok');
    const before = ig.hits['comments:ig_rights'] ?? 0;
    expect(before).toBeGreaterThan(0); // the comments were read (none yet)

    ig.model.attack('ig_rights', { count: 30, seed: 42, lookalikes: 2 });
    const hit = await h.poll('igr', 'instagram:ig_rights');
    expect(hit.unchanged).toBe(false);
    const attack = await h.waitFor('igr', 'attack_suspected');
    const names = (attack.details!.features as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['burst', 'near_duplicates', 'generated_handles', 'default_avatars']));
    expect((attack.details!.accounts as string[]).length).toBeGreaterThanOrEqual(10);

    const obs = (await h.observations('igr')).find((o) => o.interactions?.some((i) => i.postKey === newest.shortcode && i.count >= 15));
    expect(obs?.loggedIn).toBe(true);
    const entry = obs!.interactions!.find((i) => i.postKey === newest.shortcode)!;
    expect(entry).toMatchObject({ postId: `ig_rights/${newest.shortcode}`, state: 'ok', count: 30, total: 30 });
    expect(attack.evidence).toEqual(expect.arrayContaining([obs!.id, entry.sha256, entry.capture]));
    // The blob holds the comments as read, authors and texts included.
    const blob = JSON.parse((await h.app.core.store.get(blobKey(entry.sha256)))!.toString()) as { url: string; interactions: { kind: string; key: string; url: string; author: { username: string; avatar: boolean }; text: string }[] };
    expect(blob.url).toBe(`${ig.url}/api/v1/media/${newest.id}/comments/?can_support_threading=true&permalink_enabled=false`);
    // Both pages: all 30 comments, each once.
    expect(blob.interactions.map((i) => i.key).sort()).toEqual(newest.commentList.map((c) => c.pk).sort());
    expect(blob.interactions[0]).toMatchObject({ kind: 'comment', url: expect.stringMatching(new RegExp(`/p/${newest.shortcode}/c/\\d+/$`)) });
    expect(blob.interactions.filter((i) => !i.author.avatar).length).toBeGreaterThan(7);
    // The comments answer itself is archived, fetched logged in.
    // Both comments answers are archived, fetched logged in: the first page, then the older one asked with its cursor.
    expect(entry.captures).toHaveLength(2);
    const caps = await Promise.all(entry.captures!.map((id) => h.app.core.archive.getJson(captureKey(id), CaptureManifest)));
    expect(caps[0]?.url).toBe(blob.url);
    expect(new URL(caps[1]!.url).searchParams.get('min_id')).toMatch(/cached_comments_cursor/);
    expect(caps.every((c) => c?.loggedIn === true && c.request?.headers['x-ig-app-id'] !== undefined)).toBe(true);
    expect(entry.capture).toBe(entry.captures![1]);

    // Nothing new: no second event.
    await h.poll('igr', 'instagram:ig_rights');
    expect((await h.eventsFor('igr')).filter((e) => e.type === 'attack_suspected')).toHaveLength(1);
  });

  it('a login wall or checkpoint on the comments answer is no verdict: no event, nothing recorded, the session not benched; read once it clears', async () => {
    ig.model.addAccount({ username: 'ig_walled', fullName: 'Walled' });
    const [, newest] = ig.model.post('ig_walled', { count: 2 });
    expect((await h.poll('igw', 'instagram:ig_walled')).state).toBe('ok');
    ig.model.attack('ig_walled', { count: 25, seed: 7 });
    ig.model.addFault({ kind: 'login_wall', user: 'ig_walled', route: 'comments', count: 1 });
    ig.model.addFault({ kind: 'checkpoint', user: 'ig_walled', route: 'comments', count: 1 });
    expect((await h.poll('igw', 'instagram:ig_walled')).state).toBe('ok');
    expect((await h.poll('igw', 'instagram:ig_walled')).state).toBe('ok');
    expect(ig.model.faults).toEqual([]); // both walls were served
    expect(await h.eventsFor('igw')).toEqual([]);
    expect((await h.observations('igw')).some((o) => o.interactions?.some((i) => i.postKey === newest!.shortcode && i.count > 0))).toBe(false);
    expect((await healthz()).alerts.filter((a) => a.type === 'session_expired')).toEqual([]);

    // The wall was the only reason: once it clears the same comments are an attack.
    await h.poll('igw', 'instagram:ig_walled');
    await h.waitFor('igw', 'attack_suspected');
  });

  it('an older page that fails leaves the newer page read: its comments recorded, the attack still seen', async () => {
    ig.model.addAccount({ username: 'ig_halfread', fullName: 'Half Read' });
    const [, newest] = ig.model.post('ig_halfread', { count: 2 });
    expect((await h.poll('igh', 'instagram:ig_halfread')).state).toBe('ok');
    ig.model.attack('ig_halfread', { count: 30, seed: 11 });
    ig.model.addFault({ kind: 'http', status: 503, user: 'ig_halfread', route: 'comments_older', count: 1 });
    expect((await h.poll('igh', 'instagram:ig_halfread')).unchanged).toBe(false);
    expect(ig.model.faults).toEqual([]); // the older page was asked, and failed
    const entry = (await h.observations('igh')).flatMap((o) => o.interactions ?? []).find((i) => i.postKey === newest!.shortcode && i.count > 0)!;
    expect(entry).toMatchObject({ state: 'ok', count: 15, total: 30 });
    expect(entry.captures).toBeUndefined(); // the failed page is not archived as if it listed them
    await h.waitFor('igh', 'attack_suspected');
  });

  it('a benign surge of real, diverse comments is archived and is no event', async () => {
    ig.model.addAccount({ username: 'ig_viral', fullName: 'Viral News' });
    ig.model.post('ig_viral', { count: 2 });
    expect((await h.poll('igv', 'instagram:ig_viral')).state).toBe('ok');
    ig.model.surge('ig_viral', { count: 60, seed: 3 });
    expect((await h.poll('igv', 'instagram:ig_viral')).unchanged).toBe(false);
    // Two pages of a surge of 60: the newest 30.
    expect((await h.observations('igv')).some((o) => o.interactions?.some((i) => i.count === 30 && i.total === 60))).toBe(true);
    await h.poll('igv', 'instagram:ig_viral');
    expect(await h.eventsFor('igv')).toEqual([]);
  });
});
