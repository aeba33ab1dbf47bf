// Unit tests of the pure attack rules: near-duplicates, bursts, traits, lookalikes, report calls.
import { describe, expect, it } from 'vitest';
import { densestWindow, maxInSpan } from '../../../../src/detect/attack/burst.js';
import { editDistance, impersonates, isLookalike, skeleton } from '../../../../src/detect/attack/lookalike.js';
import { nearDuplicateClusters, signature, similarity, sigFromHex, sigHex } from '../../../../src/detect/attack/minhash.js';
import { callsToReport, isReportCall, mentionedHandles } from '../../../../src/detect/attack/report-calls.js';
import { authorTraits, generatedHandle, largestBatch } from '../../../../src/detect/attack/traits.js';

describe('MinHash near-duplicates', () => {
  it('estimates Jaccard: copies 1, small variations high, different texts low', () => {
    const a = signature('Этот канал распространяет фейки и разжигает ненависть, жалуйтесь все!');
    expect(similarity(a, signature('этот канал распространяет фейки и разжигает ненависть жалуйтесь все'))).toBe(1);
    expect(similarity(a, signature('Этот канал распространяет фейки и разжигает ненависть, жалуйтесь все срочно !!'))).toBeGreaterThanOrEqual(0.8);
    expect(similarity(a, signature('Спасибо за работу, держитесь, мы с вами'))).toBeLessThan(0.2);
    expect(similarity(signature(''), signature(''))).toBe(0);
  });

  it('clusters near-duplicates, largest first, singletons left out', () => {
    const texts = ['Report this account now, it spreads hate!', 'Solidarity with the detained', 'report this account now it spreads hate', 'Report this account now, it spreads hate!!', 'Thank you'];
    expect(nearDuplicateClusters(texts, 0.8)).toEqual([[0, 2, 3]]);
  });

  it('clusters a large crowd by LSH: a farm of 300 found among 2000 diverse replies', async () => {
    const { benignSurge, botFarm } = await import('../../../../src/sim/crowds.js');
    const texts = [...benignSurge(0, { seed: 1, count: 2000 }), ...botFarm(0, { seed: 2, count: 300, target: { handle: 'freepress' } })].map((m) => m.text);
    const [top, second] = nearDuplicateClusters(texts, 0.8);
    expect(top!.length).toBeGreaterThanOrEqual(290);
    expect(top!.every((i) => i >= 2000)).toBe(true);
    expect(second?.length ?? 0).toBeLessThan(300);
  });

  it('signatures round-trip through hex', () => {
    const s = signature('some words here');
    expect(sigFromHex(sigHex(s))).toEqual(s);
  });
});

describe('bursts', () => {
  it('finds the densest window and the tightest span', () => {
    const times = [0, 1000, 60_000, 61_000, 61_500, 62_000, 500_000];
    expect(densestWindow(times, 5000).sort()).toEqual([2, 3, 4, 5]);
    expect(maxInSpan(times, 1000)).toBe(3);
    expect(densestWindow([], 1000)).toEqual([]);
  });
});

describe('bot traits', () => {
  it('generated handles: name+digits, default names, random strings; real names are not', () => {
    for (const h of ['annapetrova88127', 'user_8812', 'id123456', 'xkqzrtwp', 'a8f3k29d1x']) expect(generatedHandle(h), h).toBe(true);
    for (const h of ['anna_petrova', 'dmitry_ivanov12', 'rights_monitor', 'sergeykuznetsov', 'kz_news']) expect(generatedHandle(h), h).toBe(false);
  });

  it('per author: avatar, followers and age only when shown', () => {
    const at = Date.parse('2026-01-10T00:00:00Z');
    const opts = { fewFollowers: 10, newAccountMs: 30 * 86_400_000 };
    expect(authorTraits({ name: 'x', username: 'olga12345', avatar: false }, at, opts)).toEqual({ generatedHandle: true, defaultAvatar: true });
    expect(authorTraits({ name: 'Olga', avatar: true, followers: 3, createdAt: '2026-01-08T00:00:00Z' }, at, opts)).toEqual({ generatedHandle: false, defaultAvatar: false, fewFollowers: true, recentlyCreated: true });
    expect(authorTraits({ name: 'Olga', avatar: true, followers: 300, createdAt: '2019-01-08T00:00:00Z' }, at, opts)).toMatchObject({ fewFollowers: false, recentlyCreated: false });
  });

  it('batch creation: the largest group created within the span', () => {
    const d = 86_400_000;
    const xs = [{ account: 'a', at: 0 }, { account: 'b', at: 5 * d }, { account: 'c', at: 5 * d + 1000 }, { account: 'd', at: 5 * d + d / 2 }, { account: 'e', at: 20 * d }];
    expect(largestBatch(xs, d)).toEqual(['b', 'c', 'd']);
  });
});

describe('lookalikes', () => {
  it('skeleton folds homoglyphs and separators', () => {
    expect(skeleton('Dur0v_Оfficial')).toBe(skeleton('durovofficial'));
    expect(skeleton('rn')).toBe('m');
    expect(editDistance('abcd', 'abdc')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('homoglyphs, one-letter changes and decoy words are lookalikes; the account itself and others are not', () => {
    for (const c of ['rightsm0nitor', 'rightsmonitor_official', 'real_rightsmonitor', 'rightsmonittor', 'rights.monitor', 'rіghtsmonitor']) expect(isLookalike(c, 'rightsmonitor'), c).toBe(true);
    for (const c of ['rightsmonitor', 'RightsMonitor', 'pressmonitor', 'anna_petrova', 'monitor']) expect(isLookalike(c, 'rightsmonitor'), c).toBe(false);
    // Short handles allow no edits: "ivan" vs "iván" folded equal only by skeleton.
    expect(isLookalike('ivar', 'ivan')).toBe(false);
  });

  it('an author impersonates the target by handle or by its title under another handle', () => {
    const t = { handle: 'freepress', title: 'Free Press KZ' };
    expect(impersonates({ name: 'Free Press KZ', username: 'fp_backup2' }, t)).toBe(true);
    expect(impersonates({ name: 'Anna', username: 'freepress_official' }, t)).toBe(true);
    expect(impersonates({ name: 'Free Press KZ', username: 'freepress' }, t)).toBe(false);
    expect(impersonates({ name: 'Anna', username: 'anna_p' }, t)).toBe(false);
  });
});

describe('report calls', () => {
  it('recognises calls in Russian, Ukrainian, Kazakh and English; praise of a report is not one', () => {
    for (const s of ['Кидайте жалобы на этот канал', 'пожалуйтесь на @freepress', 'Report @freepress now', 'mass report t.me/freepress', 'Подайте скаргу', 'шағым түсіріңіздер']) expect(isReportCall(s), s).toBe(true);
    for (const s of ['Great report, thank you', 'Спасибо за материал', 'The report says 40 people were detained']) expect(isReportCall(s), s).toBe(false);
  });

  it('names: @handles and profile links', () => {
    expect(mentionedHandles('report @FreePress and https://t.me/other_chan, also x.com/third_one.').sort()).toEqual(['freepress', 'other_chan', 'third_one']);
  });

  it('a call names the target, or names nobody under the target’s own posts', () => {
    expect(callsToReport('Кидайте жалобы на @freepress', 'freepress', false)).toBe(true);
    expect(callsToReport('Кидайте жалобы на @someoneelse', 'freepress', true)).toBe(false);
    expect(callsToReport('Кидайте жалобы, пункт спам', 'freepress', true)).toBe(true);
    expect(callsToReport('Кидайте жалобы, пункт спам', 'freepress', false)).toBe(false);
  });
});
