// A worker that reads comments a platform shows only to logged-in viewers, with no session of that
// platform, would see nothing but login walls: start-up names those platforms (and only those).
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src/config/schema.js';
import { scrapers } from '../../../src/scrapers/registry.js';
import { interactionsWithoutSession } from '../../../src/workers/interactions.js';

const settings = (platforms: Record<string, unknown>) => SettingsSchema.parse({ platforms }).platforms as unknown as Record<string, Record<string, unknown>>;

describe('interactionsWithoutSession', () => {
  it('names a platform whose comments need a session when they are read and no session is configured', () => {
    const p = settings({ instagram: { interactionsPerPoll: 3 }, facebook: { interactionsPerPoll: 2 }, telegram: { interactionsPerPoll: 5 } });
    // Telegram's discussion comments are public: never named.
    expect(interactionsWithoutSession(scrapers.values(), p, []).sort()).toEqual(['facebook', 'instagram']);
    expect(interactionsWithoutSession(scrapers.values(), p, [{ platform: 'instagram' }, { platform: 'facebook' }])).toEqual([]);
    expect(interactionsWithoutSession(scrapers.values(), settings({ instagram: { interactionsPerPoll: 3 } }), [{ platform: 'instagram' }])).toEqual([]);
    // A session of another platform does not help.
    expect(interactionsWithoutSession(scrapers.values(), p, [{ platform: 'x' }, { platform: 'facebook' }])).toEqual(['instagram']);
  });

  it('says nothing when comments are not read', () => {
    expect(interactionsWithoutSession(scrapers.values(), settings({}), [])).toEqual([]);
  });
});
