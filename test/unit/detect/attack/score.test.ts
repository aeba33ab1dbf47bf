// attack_suspected scoring on generated crowds (src/sim/crowds.ts) and hand-made edge cases; links
// and campaigns.
import { describe, expect, it } from 'vitest';
import { defaultAttackSettings } from '../../../../src/detect/attack/settings.js';
import { scoreAttack } from '../../../../src/detect/attack/score.js';
import { keepAttacks, linkToAttack, sameAttack, type AttackRef } from '../../../../src/detect/attack/link.js';
import { findCampaign, type AttackSummary } from '../../../../src/detect/attack/campaign.js';
import type { SeenInteraction } from '../../../../src/detect/attack/types.js';
import { benignSurge, botFarm, type CrowdMember } from '../../../../src/sim/crowds.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const cfg = defaultAttackSettings();
const target = { handle: 'freepress', title: 'Free Press' };

const seen = (members: CrowdMember[], start = T0, opts: { createdAt?: boolean; followers?: boolean } = {}): SeenInteraction[] =>
  members.map((m, i) => ({
    interaction: {
      kind: 'comment',
      key: String(i + 1),
      author: { name: m.name, username: m.username, avatar: m.avatar, ...(opts.createdAt ? { createdAt: m.createdAt } : {}), ...(opts.followers ? { followers: m.followers } : {}) },
      text: m.text,
      at: new Date(start + m.offsetMs).toISOString(),
    },
    postKey: '10',
    blob: 'b'.repeat(63) + (i % 2),
    capture: `CAP${i % 2}`,
    observationId: 'OBS1',
    seenAt: new Date(start + 20 * 60_000).toISOString(),
  }));
const names = (f: { features: { name: string }[] }) => f.features.map((x) => x.name).sort();

describe('attack_suspected score', () => {
  it('a bot farm (Telegram-like: no ages or followers shown) fires with its features, accounts and evidence', () => {
    const farm = botFarm(T0, { seed: 7, count: 30, target, lookalikes: 2 });
    const f = scoreAttack({ target, interactions: seen(farm), now: T0 + 20 * 60_000 }, cfg);
    expect(f.fired).toBe(true);
    expect(names(f)).toEqual(['burst', 'default_avatars', 'generated_handles', 'lookalikes', 'near_duplicates', 'report_calls', 'synchronized']);
    expect(f.score).toBe(1);
    expect(f.accounts).toContain('freepress_official');
    expect(f.accounts.length).toBeGreaterThanOrEqual(28);
    expect(f.evidence).toEqual(['CAP0', 'CAP1', 'OBS1', 'b'.repeat(63) + '0', 'b'.repeat(63) + '1']);
    expect(f.textSigs.length).toBeGreaterThan(0);
  });

  it('with ages and followers shown (X-like), batch creation, recent creation and few followers fire too', () => {
    const f = scoreAttack({ target, interactions: seen(botFarm(T0, { seed: 3, count: 20, target, lang: 'en' }), T0, { createdAt: true, followers: true }), now: T0 + 60_000 }, cfg);
    expect(f.fired).toBe(true);
    expect(names(f)).toEqual(expect.arrayContaining(['batch_created', 'few_followers', 'recently_created']));
  });

  it('benign viral surges never fire, whatever the seed (they are bursts)', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const surge = benignSurge(T0, { seed, count: 40 + (seed % 5) * 30 });
      const f = scoreAttack({ target, interactions: seen(surge, T0, { createdAt: seed % 2 === 0, followers: seed % 2 === 0 }), now: T0 + 15 * 60_000 }, cfg);
      expect(names(f), `seed ${seed}`).toContain('burst');
      expect(f.fired, `seed ${seed}: ${JSON.stringify(f.features)}`).toBe(false);
    }
  });

  it('a tight surge (many real replies within seconds) is synchronized but still does not fire', () => {
    const f = scoreAttack({ target, interactions: seen(benignSurge(T0, { seed: 5, count: 60, spanMs: 5000 })), now: T0 + 60_000 }, cfg);
    expect(names(f)).toEqual(['burst', 'synchronized']);
    expect(f.fired).toBe(false);
  });

  it('a farm hidden inside a surge still fires (coordination stands out of the crowd)', () => {
    const mixed = [...seen(benignSurge(T0, { seed: 9, count: 30 })), ...seen(botFarm(T0 + 120_000, { seed: 9, count: 25, target }))];
    const f = scoreAttack({ target, interactions: mixed, now: T0 + 15 * 60_000 }, cfg);
    expect(f.fired).toBe(true);
    expect(names(f)).toEqual(expect.arrayContaining(['near_duplicates', 'synchronized']));
  });

  it('no burst, no attack: a few farm comments, or old ones outside the lookback', () => {
    const few = botFarm(T0, { seed: 1, count: 6, target, lookalikes: 1 });
    expect(scoreAttack({ target, interactions: seen(few), now: T0 + 60_000 }, cfg).fired).toBe(false);
    const old = botFarm(T0, { seed: 2, count: 30, target });
    expect(scoreAttack({ target, interactions: seen(old), now: T0 + 3 * 86_400_000 }, cfg).interactions).toBe(0);
  });

  it('report calls in watched channels count and their evidence is listed', () => {
    const farm = botFarm(T0, { seed: 11, count: 12, target, lang: 'en' }).map((m) => ({ ...m, text: `${m.text.replace(/report\S*/gi, '')} ${m.offsetMs}`, avatar: true }));
    const f = scoreAttack({ target, interactions: seen(farm), reportCalls: [{ at: new Date(T0).toISOString(), source: 'hostile/55', text: 'report @freepress', evidence: 'OBSCALL' }], now: T0 + 60_000 }, cfg);
    expect(names(f)).toContain('report_calls');
    expect(f.evidence).toContain('OBSCALL');
  });
});

describe('consistent-with links', () => {
  const attacks: AttackRef[] = [
    { id: 'A1', from: '2026-03-01T11:59:00Z', at: '2026-03-01T12:00:00Z', score: 0.9, evidence: ['OBS1'] },
    { id: 'A2', from: '2026-03-05T11:59:00Z', at: '2026-03-05T12:00:00Z', score: 0.7, evidence: ['OBS2'] },
  ];
  const day = 86_400_000;
  it('links a takedown to the latest preceding attack within the window, with the lag', () => {
    const l = linkToAttack({ type: 'account_suspended', firstChangedAt: '2026-03-06T12:00:30Z' }, attacks, 14 * day);
    expect(l).toMatchObject({ attackEventId: 'A2', lagSeconds: 86_430, evidence: ['OBS2'] });
    expect(l!.note).toMatch(/consistent with/);
    expect(l!.note).not.toMatch(/caused/);
  });
  it('no link before the attack, past the window, or for renames/restorations', () => {
    expect(linkToAttack({ type: 'account_deleted', firstChangedAt: '2026-02-28T00:00:00Z' }, attacks, 14 * day)).toBeUndefined();
    expect(linkToAttack({ type: 'account_deleted', firstChangedAt: '2026-03-30T00:00:00Z' }, attacks, 14 * day)).toBeUndefined();
    expect(linkToAttack({ type: 'account_renamed', firstChangedAt: '2026-03-02T00:00:00Z' }, attacks, 14 * day)).toBeUndefined();
    expect(linkToAttack({ type: 'shadowban_search', firstChangedAt: '2026-03-02T00:00:00Z' }, attacks, 14 * day)?.attackEventId).toBe('A1');
  });
  it('keeps only linkable attacks; an overlapping burst is the same attack', () => {
    expect(keepAttacks(attacks, Date.parse('2026-03-16T00:00:00Z'), 14 * day).map((a) => a.id)).toEqual(['A2']);
    expect(sameAttack('2026-03-01T12:05:00Z', attacks, 15 * 60_000)?.id).toBe('A1');
    expect(sameAttack('2026-03-02T12:05:00Z', attacks.slice(0, 1), 15 * 60_000)).toBeUndefined();
  });
});

describe('campaign', () => {
  const a = (id: string, target: string, at: string, accounts: string[], textSigs: string[] = []): AttackSummary => ({ id, target, from: at, at, accounts, textSigs });
  it('targets tied by shared attacker accounts within the window form a campaign', () => {
    const recent = [a('A1', 't1', '2026-03-01T12:00:00Z', ['b1', 'b2', 'b3', 'x']), a('A0', 't9', '2026-01-01T12:00:00Z', ['b1', 'b2', 'b3'])];
    const c = findCampaign(a('A2', 't2', '2026-03-02T12:00:00Z', ['b1', 'b2', 'b3', 'y']), recent, cfg);
    expect(c).toMatchObject({ members: ['t1', 't2'], attacks: ['A1', 'A2'], attackers: ['b1', 'b2', 'b3'], sharedTexts: false });
    expect(c!.timeline.map((x) => x.target)).toEqual(['t1', 't2']);
  });
  it('the same texts tie attacks with no shared account; too few shared accounts or one target do not', async () => {
    const { signature, sigHex } = await import('../../../../src/detect/attack/minhash.js');
    const s1 = sigHex(signature('Этот канал распространяет фейки и разжигает ненависть, жалуйтесь все!'));
    const s2 = sigHex(signature('Этот канал распространяет фейки и разжигает ненависть, жалуйтесь все срочно'));
    expect(findCampaign(a('A2', 't2', '2026-03-02T12:00:00Z', ['c1'], [s2]), [a('A1', 't1', '2026-03-01T12:00:00Z', ['d1'], [s1])], cfg)?.sharedTexts).toBe(true);
    expect(findCampaign(a('A2', 't2', '2026-03-02T12:00:00Z', ['b1', 'b2']), [a('A1', 't1', '2026-03-01T12:00:00Z', ['b1', 'b2'])], cfg)).toBeNull();
    expect(findCampaign(a('A2', 't1', '2026-03-02T12:00:00Z', ['b1', 'b2', 'b3']), [a('A1', 't1', '2026-03-01T12:00:00Z', ['b1', 'b2', 'b3'])], cfg)).toBeNull();
  });
});
