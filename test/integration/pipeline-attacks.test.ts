// Bot-farm attacks end to end (real redis-server, s3rver, the catalog and API of the web role, the
// Telegram simulator): a farm's comments fire a confirmed attack_suspected naming the archived
// interactions; a block that follows is confirmed account_restricted with details.consistentWith
// (visible in GET /api/events); a second channel hit by the same accounts makes a campaign; a benign
// viral surge produces no event at all.
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/detect/vocabulary.js';
import { benignSurge, botFarm, reportCallText } from '../../src/sim/crowds.js';
import { startXSim } from '../../src/sim/x/index.js';
import { startVkSim } from '../../src/sim/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const x = await startXSim({ guestTimelines: true });
const vk = await startVkSim();
afterAll(async () => {
  await x.close();
  await vk.close();
});

const h = usePipeline({
  prefix: 'patk',
  sim: true,
  app: {
    jobPrefix: 'atk',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8 },
      platforms: { telegram: { rescanPages: 0, interactionsPerPoll: 2, commentsLimit: 100 }, x: { baseUrl: x.url, rescanPages: 0, interactionsPerPoll: 2 }, vk: { baseUrl: vk.url, rescanPages: 0, interactionsPerPoll: 1 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

type ApiEvent = { id: string; type: string; status: string; target: string; evidence: string[]; consistentWith?: { attackEventId: string; lagSeconds: number; evidence: string[]; note: string } };
const apiEvents = async (target: string): Promise<ApiEvent[]> => {
  const r = await fetch(`${h.app.apiUrl}/api/events?target=${target}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { events: ApiEvent[] }).events;
};
const apiEvent = async (id: string) => ((await (await fetch(`${h.app.apiUrl}/api/events/${id}`)).json()) as { event: ApiEvent & { details: Record<string, unknown> } }).event;

describe('attacks through the pipeline', () => {
  it('attack then takedown: attack_suspected, and the account event consistent with it in /api/events', async () => {
    h.channel('rightsmon', 4);
    h.channel('hatechan', 2);
    expect((await h.pollChannel('rm', 'rightsmon')).state).toBe('ok');
    // A watched hostile channel calls to report the target.
    h.sim.apply({ type: 'post', channel: 'hatechan', text: reportCallText('rightsmon') });
    await h.pollChannel('hc', 'hatechan');

    h.sim.apply({ type: 'attack', channel: 'rightsmon', num: 4, count: 30, seed: 42, lookalikes: 2 });
    const hit = await h.pollChannel('rm', 'rightsmon');
    expect(hit.unchanged).toBe(false);
    const attack = (await h.eventsFor('rm')).find((e) => e.type === 'attack_suspected');
    expect(attack?.status).toBe('confirmed');
    const names = (attack!.details!.features as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['burst', 'synchronized', 'near_duplicates', 'generated_handles', 'lookalikes', 'report_calls']));
    expect(attack!.confidence).toBeGreaterThanOrEqual(0.5);
    // The hostile channel's call was remembered by handle and counted, with its observation as evidence.
    const calls = (attack!.details!.features as { name: string; value: Record<string, unknown> }[]).find((f) => f.name === 'report_calls')!;
    expect(calls.value.inWatchedChannels).toBe(1);
    expect((calls.value.sources as string[])[0]).toMatch(/\/hatechan\/3$/);
    expect((attack!.details!.accounts as string[]).length).toBeGreaterThanOrEqual(25);
    // The evidence is the archived interactions: the observation that lists them, their blob, the page capture.
    const [obs] = (await h.observations('rm')).filter((o) => o.interactions?.some((i) => i.postKey === '4' && i.count >= 30));
    expect(obs).toBeDefined();
    const entry = obs!.interactions!.find((i) => i.postKey === '4')!;
    expect(attack!.evidence).toEqual(expect.arrayContaining([obs!.id, entry.sha256, entry.capture]));
    // Polling again (nothing new) does not repeat it.
    await h.pollChannel('rm', 'rightsmon');
    expect((await h.eventsFor('rm')).filter((e) => e.type === 'attack_suspected')).toHaveLength(1);

    // The platform blocks the channel afterwards.
    h.sim.apply({ type: 'block', channel: 'rightsmon' });
    await h.pollChannel('rm', 'rightsmon');
    const blocked = await h.waitFor('rm', 'account_restricted');
    expect(blocked.details?.consistentWith).toMatchObject({ attackEventId: attack!.id });
    const listed = await until(async () => {
      const evs = await apiEvents('rm');
      const ev = evs.find((e) => e.type === 'account_restricted' && e.status === 'confirmed');
      return ev && evs.some((e) => e.type === 'attack_suspected') ? evs : undefined;
    }, 'attack and takedown in /api/events');
    const link = listed.find((e) => e.type === 'account_restricted')!.consistentWith!;
    expect(link.attackEventId).toBe(attack!.id);
    expect(link.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(link.evidence).toEqual(attack!.evidence);
    expect(link.note).toMatch(/consistent with/);
    expect(JSON.stringify(listed)).not.toMatch(/caused/i);
    const full = await apiEvent(attack!.id);
    expect(full.details.score).toBe(attack!.confidence);
  });

  it('a second channel hit by the same accounts: a campaign naming both targets and the shared attackers', async () => {
    h.channel('presswatch', 3);
    expect((await h.pollChannel('pw', 'presswatch')).state).toBe('ok');
    h.sim.apply({ type: 'attack', channel: 'presswatch', num: 3, count: 30, seed: 42, lookalikes: 0 });
    await h.pollChannel('pw', 'presswatch');
    await h.waitFor('pw', 'attack_suspected');
    const c = await h.waitFor('pw', 'campaign');
    expect(c.details?.members).toEqual(['pw', 'rm']);
    expect((c.details?.attackers as string[]).length).toBeGreaterThanOrEqual(3);
    expect((c.details?.timeline as { target: string }[]).map((t) => t.target)).toEqual(['rm', 'pw']);
  });

  it('a benign viral surge (many real, diverse comments) produces no event', async () => {
    h.channel('viralnews', 3);
    expect((await h.pollChannel('vn', 'viralnews')).state).toBe('ok');
    h.sim.apply({ type: 'surge', channel: 'viralnews', num: 3, count: 80, seed: 7, spanSeconds: 600 });
    const r = await h.pollChannel('vn', 'viralnews');
    expect(r.unchanged).toBe(false);
    const [obs] = (await h.observations('vn')).filter((o) => o.interactions?.some((i) => i.count >= 80));
    expect(obs).toBeDefined(); // the surge was read and archived...
    await h.pollChannel('vn', 'viralnews');
    expect(await h.eventsFor('vn')).toEqual([]); // ...and is not an attack
    expect(EVENT_TYPES).toContain('attack_suspected');
  });

  it('X: a farm of batch-created, follower-less repliers, then a suspension consistent with it; a surge of replies is not an attack', async () => {
    const u = x.world.addUser({ handle: 'FreeVoice', posts: 3 });
    expect((await h.poll('xv', 'x:FreeVoice')).state).toBe('ok');
    const now = Date.now();
    x.world.replyCrowd('FreeVoice', u.posts[2]!.id, now - 10_000, botFarm(now - 10_000, { seed: 9, count: 25, target: { handle: 'FreeVoice' }, lang: 'en', lookalikes: 1 }));
    await h.poll('xv', 'x:FreeVoice');
    const attack = await h.waitFor('xv', 'attack_suspected');
    const names = (attack.details!.features as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['batch_created', 'recently_created', 'few_followers', 'near_duplicates', 'lookalikes']));
    x.world.setState('FreeVoice', 'suspended');
    await h.poll('xv', 'x:FreeVoice');
    const susp = await h.waitFor('xv', 'account_suspended');
    expect(susp.details?.consistentWith).toMatchObject({ attackEventId: attack.id });

    const v = x.world.addUser({ handle: 'ViralDesk', posts: 2 });
    expect((await h.poll('xd', 'x:ViralDesk')).state).toBe('ok');
    x.world.replyCrowd('ViralDesk', v.posts[1]!.id, Date.now() - 600_000, benignSurge(Date.now() - 600_000, { seed: 3, count: 70 }));
    expect((await h.poll('xd', 'x:ViralDesk')).unchanged).toBe(false);
    expect((await h.observations('xd')).some((o) => o.interactions?.some((i) => i.count >= 60))).toBe(true);
    expect(await h.eventsFor('xd')).toEqual([]);
  });

  it('VK: a farm in a post’s comments fires attack_suspected; a surge of comments does not', async () => {
    vk.sim.apply({ type: 'account', name: 'freevk', title: 'Free VK', posts: 3 });
    vk.sim.apply({ type: 'account', name: 'newsvk', title: 'News VK', posts: 3 });
    expect((await h.poll('vf', 'vk:freevk')).state).toBe('ok');
    expect((await h.poll('vn2', 'vk:newsvk')).state).toBe('ok');
    const newest = (name: string) => Math.max(...vk.sim.world.mustGet(name).posts.map((p) => p.num));
    vk.sim.apply({ type: 'attack', account: 'freevk', num: newest('freevk'), count: 20, seed: 77, lookalikes: 1 });
    vk.sim.apply({ type: 'surge', account: 'newsvk', num: newest('newsvk'), count: 60, seed: 77 });
    await h.poll('vf', 'vk:freevk');
    await h.poll('vn2', 'vk:newsvk');
    const attack = await h.waitFor('vf', 'attack_suspected');
    expect((attack.details!.features as { name: string }[]).map((f) => f.name)).toEqual(expect.arrayContaining(['near_duplicates', 'generated_handles', 'default_avatars']));
    expect((await h.observations('vn2')).some((o) => o.interactions?.some((i) => i.count >= 60))).toBe(true);
    expect((await h.eventsFor('vn2')).filter((e) => e.type === 'attack_suspected')).toEqual([]);
  });
});
