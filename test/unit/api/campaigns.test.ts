import { describe, expect, it } from 'vitest';
import { campaignOf, relatedEvents, relatedKind } from '../../../src/api/campaigns.js';
import { campaignsPage } from '../../../src/api/ui/pages-campaigns.js';
import { uiFor } from '../../../src/api/ui/i18n.js';
import type { EventRow } from '../../../src/catalog/types.js';

const ev = (over: Partial<EventRow> & Pick<EventRow, 'id' | 'type' | 'target'>): EventRow => ({
  status: 'confirmed', detectedAt: '2024-11-12T10:00:00.000Z', confidence: 0.8, rule: 'r', evidence: [], window: { firstChangedAt: '2024-11-12T10:00:00.000Z' }, ...over,
});
const camp = ev({
  id: 'C', type: 'campaign', target: 'b', detectedAt: '2024-11-12T12:00:00.000Z', window: { firstChangedAt: '2024-11-12T10:00:00.000Z' },
  details: { members: ['a', 'b'], attackers: ['x1', 'x2', 'x3'], attacks: ['A1', 'A2'], timeline: [{ at: '2024-11-12T10:00:00.000Z', target: 'a', attackEventId: 'A1', accounts: 3 }] },
});

describe('campaigns (pure)', () => {
  it('reads a campaign event’s details; unreadable details fall back to the event’s own target', () => {
    expect(campaignOf(camp)).toMatchObject({ members: ['a', 'b'], attackers: ['x1', 'x2', 'x3'], sharedTexts: false, from: '2024-11-12T10:00:00.000Z' });
    expect(campaignOf(ev({ id: 'D', type: 'campaign', target: 'z', details: { members: 'not a list' } }))).toMatchObject({ members: ['z'], attackers: [] });
  });

  it('keeps the members’ attacks, takedowns and shadow-bans since the first attack, oldest first', () => {
    const c = campaignOf(camp);
    const rows = [
      ev({ id: 'T', type: 'account_restricted', target: 'b', window: { firstChangedAt: '2024-11-13T00:00:00.000Z' } }),
      ev({ id: 'A1', type: 'attack_suspected', target: 'a' }),
      ev({ id: 'OLD', type: 'post_deleted', target: 'a', window: { firstChangedAt: '2024-11-01T00:00:00.000Z' } }),
      ev({ id: 'X', type: 'post_deleted', target: 'other' }),
      ev({ id: 'E', type: 'post_edited', target: 'a' }),
      ev({ id: 'S', type: 'shadowban_search', target: 'a', status: 'dismissed' }),
      ev({ id: 'T', type: 'account_restricted', target: 'b', window: { firstChangedAt: '2024-11-13T00:00:00.000Z' } }),
    ];
    expect(relatedEvents(c, rows).map((e) => e.id)).toEqual(['A1', 'T']);
    expect([relatedKind({ type: 'attack_suspected' }), relatedKind({ type: 'reach_drop' }), relatedKind({ type: 'account_deleted' })]).toEqual(['attack', 'shadowban', 'takedown']);
  });

  it('renders escaped, with the next page carrying the cursor and the filter', () => {
    const html = campaignsPage([{ c: campaignOf({ ...camp, details: { ...camp.details, attackers: ['<script>'] } }), events: [] }], { target: 'a&b' }, 'CUR/+', uiFor('en'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="/campaigns?target=a%26b&amp;cursor=CUR%2F%2B"');
    expect(html).not.toMatch(/caused/i);
  });
});
