// The events page and the API's event shape show a takedown's link to a preceding attack as
// "consistent with", never as a cause.
import { describe, expect, it } from 'vitest';
import { eventsPage } from '../../../src/api/ui/pages.js';
import { eventJson } from '../../../src/api/shapes.js';
import { uiFor } from '../../../src/api/ui/i18n.js';
import type { EventRow } from '../../../src/catalog/types.js';

const row: EventRow = {
  id: '01TAKEDOWN',
  type: 'account_suspended',
  status: 'confirmed',
  target: 'rm',
  detectedAt: '2026-03-02T12:00:00Z',
  confidence: 0.9,
  rule: 'state.suspended',
  evidence: ['OBS2'],
  window: { firstChangedAt: '2026-03-02T12:00:00Z' },
  details: { consistentWith: { attackEventId: '01ATTACK', lagSeconds: 7200, score: 0.8, evidence: ['OBS1'], note: 'consistent with …' } },
};

describe('consistent-with links shown', () => {
  it('in the events page, worded "consistent with"', () => {
    const html = eventsPage([row], {});
    expect(html).toContain('consistent with');
    expect(html).toContain('01ATTACK');
    expect(html).toContain('2 h after');
    expect(eventsPage([row], {}, uiFor('ru'))).toContain('согласуется с');
    expect(html).not.toMatch(/caused/i);
  });
  it('a lag under an hour in minutes, not "0 h"', () => {
    const soon = { ...row, details: { consistentWith: { ...(row.details!.consistentWith as object), lagSeconds: 56 } } };
    expect(eventsPage([soon], {})).toContain('1 min after');
    expect(eventsPage([{ ...soon, details: { consistentWith: { attackEventId: '01ATTACK', lagSeconds: 1500 } } }], {}, uiFor('ru'))).toContain('25 мин спустя');
    expect(eventsPage([soon], {})).not.toContain('0 h after');
  });
  it('links evidence blobs (attack interactions) to /api/blobs, capture ids to their capture screen', () => {
    const html = eventsPage([{ ...row, evidence: ['a'.repeat(64), 'OBS2'] }], {});
    expect(html).toContain(`href="/api/blobs/${'a'.repeat(64)}"`);
    expect(html).toContain('href="/c/OBS2"');
  });
  it('in the API event shape, only when linked', () => {
    expect(eventJson(row).consistentWith).toMatchObject({ attackEventId: '01ATTACK', lagSeconds: 7200 });
    expect('consistentWith' in eventJson({ ...row, details: {} })).toBe(false);
  });
});
