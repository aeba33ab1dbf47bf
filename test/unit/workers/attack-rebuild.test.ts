// The attack memory rebuilt from archived events after Redis lost its data (pure parts, and the
// store writes with a recording fake of the two store calls).
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../src/catalog/types.js';
import { attackRefOf, attacksByTarget, attackSummaryOf, mergeAttackRefs, rebuildAttackMemory } from '../../../src/workers/attack-rebuild.js';

const D = 86_400_000;
const now = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const attack = (id: string, target: string, endAgoMs: number, extra: Partial<EventRow> = {}): EventRow => ({
  id,
  type: 'attack_suspected',
  status: 'confirmed',
  target,
  detectedAt: iso(now - endAgoMs + 5000),
  confidence: 0.8,
  rule: 'attack.bot_farm',
  evidence: [`obs-${id}`, `blob-${id}`],
  window: { firstChangedAt: iso(now - endAgoMs - 60_000) },
  details: { score: 0.9, accounts: ['a1', 'a2', 'a3'], textSigs: ['abcd'], burst: { from: iso(now - endAgoMs - 60_000), to: iso(now - endAgoMs), interactions: 20 } },
  ...extra,
});

describe('attack memory rebuild', () => {
  it('an attack event becomes the hot-state ref (burst end, score, evidence) and the campaign summary', () => {
    const e = attack('A', 't1', 3600_000);
    expect(attackRefOf(e)).toEqual({ id: 'A', from: iso(now - 3660_000), at: iso(now - 3600_000), score: 0.9, evidence: ['obs-A', 'blob-A'] });
    expect(attackSummaryOf(e)).toEqual({ id: 'A', target: 't1', from: iso(now - 3660_000), at: iso(now - 3600_000), accounts: ['a1', 'a2', 'a3'], textSigs: ['abcd'] });
    // Without details: the window and the detection time; the confidence as score.
    const bare = attack('B', 't1', 0, { details: {} });
    expect(attackRefOf(bare)).toMatchObject({ from: bare.window.firstChangedAt, at: bare.detectedAt, score: 0.8 });
    expect(attackSummaryOf(bare)).toMatchObject({ accounts: [], textSigs: [] });
  });

  it('keeps per target the confirmed attacks still within the link window, oldest first', () => {
    const m = attacksByTarget([attack('new', 't1', D), attack('old', 't1', 20 * D), attack('mid', 't1', 3 * D), attack('x', 't2', D), { ...attack('cand', 't3', D), status: 'candidate' }], now, 14 * D);
    expect(m.get('t1')!.map((a) => a.id)).toEqual(['mid', 'new']);
    expect(m.get('t2')!.map((a) => a.id)).toEqual(['x']);
    expect(m.has('t3')).toBe(false);
  });

  it('merges into a state saved after the wipe by id', () => {
    const a = attackRefOf(attack('A', 't1', 2 * D));
    const b = attackRefOf(attack('B', 't1', D));
    expect(mergeAttackRefs([b], [a, b]).map((x) => x.id)).toEqual(['A', 'B']);
    expect(mergeAttackRefs(undefined, [b])).toEqual([b]);
  });

  it('puts attacks of two campaign windows back in the campaign memory and re-claims announced campaigns', async () => {
    const added: string[] = [];
    const claimed: string[] = [];
    const campaign: EventRow = { ...attack('C', 't2', D), type: 'campaign', rule: 'campaign.shared_accounts', details: { members: ['t1', 't2'] } };
    const rows = { attack_suspected: [attack('A', 't1', D), attack('B', 't2', 20 * D)], campaign: [campaign] };
    const out = await rebuildAttackMemory(
      {
        catalog: { listEvents: async (f) => rows[f.type] },
        attacks: { addAttack: async (s) => void added.push(s.id), claimCampaign: async (k) => (claimed.push(k), true) },
      },
      { linkWindow: 14 * D, campaignWindow: 7 * D },
      now,
    );
    expect(added).toEqual(['A']);
    expect(claimed).toEqual(['t1\nt2']);
    expect([...out.keys()]).toEqual(['t1']);
  });
});
