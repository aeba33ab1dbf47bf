// Facebook comments as interactions end to end (real redis-server, s3rver, the catalog of the web
// role, the simulated Facebook mobile site): with platforms.facebook.interactionsPerPoll and a
// configured Facebook session, the newest post's own page is read logged in; a bot farm's burst of
// comments is a confirmed attack_suspected whose evidence is the archived comments (blob + page
// capture); a login wall or checkpoint on the post page is no verdict (no event, nothing archived,
// the session not benched); a benign viral surge is archived and is no event.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFacebookSim } from '../../src/sim/facebook/index.js';
import { usePipeline } from '../helpers/pipeline.js';

const fb = await startFacebookSim();
const dir = await mkdtemp(join(tmpdir(), 'vigil-fbc-'));
const file = join(dir, 'fb-monitor.json');
const session = fb.model.issueSession();
await writeFile(
  file,
  JSON.stringify({
    cookies: [
      { name: 'c_user', value: session.c_user, domain: '.facebook.com', path: '/', expires: -1, httpOnly: false, secure: true, sameSite: 'None' },
      { name: 'xs', value: session.xs, domain: '.facebook.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' },
    ],
    origins: [],
  }),
);
afterAll(async () => {
  await fb.close();
  await rm(dir, { recursive: true, force: true });
});

const h = usePipeline({
  prefix: 'fbcm',
  app: {
    jobPrefix: 'fc',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      platforms: { facebook: { baseUrl: fb.url, rescanPages: 0, interactionsPerPoll: 1 } },
      sessions: [{ platform: 'facebook', label: 'fb-monitor', storageState: file }],
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

type Stored = { postKey: string; url: string; total?: number; state: string; interactions: { kind: string; key: string; author: { name: string; username?: string; url?: string; avatar: boolean }; text: string; at?: string; atShown?: string }[] };
const blob = async (sha: string) => JSON.parse((await h.app.core.archive.getBlob(sha))!.toString('utf8')) as Stored;
const healthz = async () => (await (await fetch(`${h.app.apiUrl}/healthz`)).json()) as { alerts: { type: string; platform?: string }[] };

describe('facebook comments through the pipeline', () => {
  it("a bot farm's burst of comments, read logged in: a confirmed attack_suspected whose evidence is the archived comments", async () => {
    fb.model.addPage({ vanity: 'rightsmon.fb', name: 'Rights Monitor' });
    fb.model.post('rightsmon.fb', { count: 3 });
    expect((await h.poll('rfb', 'facebook:rightsmon.fb')).state).toBe('ok');
    const post = fb.model.attack('rightsmon.fb', { seed: 42, count: 30, lookalikes: 2 });
    const r = await h.poll('rfb', 'facebook:rightsmon.fb');
    expect(r.unchanged).toBe(false);
    const attack = await h.waitFor('rfb', 'attack_suspected');
    expect(attack.status).toBe('confirmed');
    const names = (attack.details!.features as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['burst', 'synchronized', 'near_duplicates', 'generated_handles', 'lookalikes']));
    expect(attack.confidence).toBeGreaterThanOrEqual(0.5);
    expect((attack.details!.accounts as string[]).length).toBeGreaterThanOrEqual(20);

    // The comments are in the observation's interactions blob, as the logged-in page shows them.
    const obs = (await h.observations('rfb')).find((o) => o.interactions?.some((i) => i.postKey === post.id && i.count === 30));
    expect(obs).toBeDefined();
    const entry = obs!.interactions!.find((i) => i.postKey === post.id)!;
    expect(attack.evidence).toEqual(expect.arrayContaining([obs!.id, entry.sha256, entry.capture]));
    const stored = await blob(entry.sha256);
    expect(stored.state).toBe('ok');
    expect(stored.url).toBe(`${fb.url}/rightsmon.fb/posts/${post.id}`);
    expect(stored.interactions.map((i) => i.key).sort()).toEqual(post.commentList.map((c) => c.id).sort());
    const byKey = new Map(stored.interactions.map((i) => [i.key, i]));
    for (const c of post.commentList) {
      const i = byKey.get(c.id)!;
      // The session was sent: each picture links to the commenter's profile (its vanity name).
      expect(i.author).toMatchObject({ name: c.name, username: c.username, url: `https://www.facebook.com/${c.username}`, avatar: c.avatar });
      expect(i.text).toBe(c.text);
      expect(i.atShown).toBeDefined();
    }
    // Polling again (nothing new, the printed times aged) neither re-archives nor repeats the event.
    const again = await h.poll('rfb', 'facebook:rightsmon.fb');
    expect(again.unchanged).toBe(true);
    expect((await h.eventsFor('rfb')).filter((e) => e.type === 'attack_suspected')).toHaveLength(1);
  });

  it('a login wall or checkpoint on the post page is no verdict: no event, nothing archived, the session not benched', async () => {
    fb.model.addPage({ vanity: 'walledmon', name: 'Walled Monitor' });
    fb.model.post('walledmon', { count: 3 });
    expect((await h.poll('wfb', 'facebook:walledmon')).state).toBe('ok');
    const post = fb.model.attack('walledmon', { seed: 77, count: 30, lookalikes: 1 });
    for (const kind of ['login_wall', 'checkpoint'] as const) {
      fb.model.addFault({ kind, page: 'walledmon', route: 'post', count: 1 });
      const r = await h.poll('wfb', 'facebook:walledmon');
      expect(r.state).toBe('ok'); // the posts tab answered
      expect(fb.model.faults).toEqual([]); // the post page was walled
      expect((await h.observations('wfb')).some((o) => o.interactions?.some((i) => i.count > 0))).toBe(false);
      expect(await h.eventsFor('wfb')).toEqual([]);
    }
    expect((await healthz()).alerts.filter((a) => a.type === 'session_expired')).toEqual([]);
    // Once the page answers, the same comments are read and the attack is seen.
    await h.poll('wfb', 'facebook:walledmon');
    const attack = await h.waitFor('wfb', 'attack_suspected');
    expect(attack.details!.burst).toMatchObject({ interactions: post.commentList.length });
  });

  it('a benign viral surge (many real, diverse commenters over ten minutes) is archived and is no event', async () => {
    fb.model.addPage({ vanity: 'viraldesk', name: 'Viral Desk' });
    fb.model.post('viraldesk', { count: 2 });
    expect((await h.poll('vfb', 'facebook:viraldesk')).state).toBe('ok');
    const post = fb.model.surge('viraldesk', { seed: 7, count: 45, spanSeconds: 600 });
    const r = await h.poll('vfb', 'facebook:viraldesk');
    expect(r.unchanged).toBe(false);
    const entry = (await h.observations('vfb')).flatMap((o) => o.interactions ?? []).find((i) => i.postKey === post.id && i.count === 45);
    expect(entry).toBeDefined();
    await h.poll('vfb', 'facebook:viraldesk');
    expect(await h.eventsFor('vfb')).toEqual([]);
  });
});
