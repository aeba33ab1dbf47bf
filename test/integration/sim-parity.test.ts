// The simulator must reproduce real t.me markup: the real captured pages and the simulator's
// pages go through the same parser, and every field the real page fills must come out filled
// from the simulated page of the same kind too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramScraper } from '../../src/scrapers/telegram/index.js';
import type { FetchedPage, Observation, TargetRef } from '../../src/scrapers/types.js';
import { fixturePage } from '../helpers/describeScraper.js';
import { startSim, type StartedSim } from '../helpers/startSim.js';
import { ScenarioDef } from '../../src/sim/index.js';

const scenario: ScenarioDef = ScenarioDef.parse({
  channels: [
    { username: 'parity_hr_sim', title: 'Parity HR (sim)', description: 'Monitoring.', subscribers: 12345, verified: true, history: { count: 45, days: 10, lang: 'ru' } },
  ],
  // A signed post with a photo, like the real C05 embed (signature + media).
  steps: [{ at: '0s', type: 'post', channel: 'parity_hr_sim', text: 'Signed statement.', author: 'Editor', media: [{ kind: 'video' }] }],
});

let sim: StartedSim;
beforeAll(async () => {
  sim = await startSim({ scenario });
  sim.sim.runAll();
});
afterAll(async () => sim?.close());

async function fetchPage(path: string, purpose: FetchedPage['purpose']): Promise<FetchedPage> {
  const url = sim.url + path;
  const res = await fetch(url, { redirect: 'follow' });
  return {
    url,
    finalUrl: res.url,
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: Buffer.from(await res.arrayBuffer()),
    fetchedAt: new Date().toISOString(),
    purpose,
  };
}

const ref = (key: string): TargetRef => ({ platform: 'telegram', key, spec: `telegram:${key}` });

/** Paths of every non-empty leaf field, with array indexes folded ("posts[].views"). */
function filled(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (value === undefined || value === null || value === '' || value === false) return out;
  if (Array.isArray(value)) {
    for (const v of value) filled(v, `${path}[]`, out);
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) filled(v, path ? `${path}.${k}` : k, out);
    return out;
  }
  out.add(path);
  return out;
}

const missing = (real: Set<string>, simulated: Set<string>, ignore: RegExp[] = []): string[] =>
  [...real].filter((p) => !simulated.has(p) && !ignore.some((r) => r.test(p))).sort();

describe('simulator pages parse like the real captures', () => {
  it('listing t.me/s/<name>: the 2026 shell and the 2023 full page fill no field the sim leaves empty', async () => {
    const simObs = telegramScraper.parse(await fetchPage('/s/parity_hr_sim', 'listing'), ref('parity_hr_sim'));
    expect(simObs.state).toBe('ok');
    const simFields = filled(simObs);
    const real2026 = telegramScraper.parse(
      fixturePage({ file: 'telegram/telegram-research/live-2026-08-24-s-durov-q-nohits.html', url: 'https://t.me/s/durov?q=zzqwxnonexistentterm12345' }),
      ref('durov'),
    );
    const real2023: Observation = telegramScraper.parse(fixturePage({ file: 'telegram/any2feed/full.html', url: 'https://t.me/s/topwar_official' }), ref('topwar_official'));
    // The sim models text/photo/video/album/forward/reply posts; link previews, documents, polls
    // and voice notes are not simulated (src/sim/README.md), so fields only they fill are exempt.
    // Counter keys are data (a channel with no files shows no "files" counter), not markup.
    const notModelled = [/^posts\[\]\.media\[\]\.(title|duration|tooBig)$/, /^state(Reason)?$/, /^channel\.counters\./];
    expect([...simFields].some((f) => f.startsWith('channel.counters.'))).toBe(true);
    expect(missing(filled(real2026), simFields, notModelled)).toEqual([]);
    expect(missing(filled(real2023), simFields, notModelled)).toEqual([]);
    expect(simObs.channel?.channelId).toMatch(/^\d+$/);
    expect(simObs.olderCursor).toBeDefined();
  });

  it('older page via ?before= parses with a range below the newest page', async () => {
    const newest = telegramScraper.parse(await fetchPage('/s/parity_hr_sim', 'listing'), ref('parity_hr_sim'));
    const older = telegramScraper.parse(await fetchPage(`/s/parity_hr_sim?before=${newest.olderCursor}`, 'listing'), ref('parity_hr_sim'));
    expect(BigInt(older.range!.max)).toBeLessThan(BigInt(newest.range!.min));
    expect(older.posts.length).toBeGreaterThan(0);
  });

  it('embed of a live post fills what the real C05 embed fills', async () => {
    const real = telegramScraper.parsePost(fixturePage({ file: 'telegram/telegram-research/C05-embed-durov-523.html', url: 'https://t.me/durov/523?embed=1', purpose: 'post' }), ref('durov'), '523');
    const listing = telegramScraper.parse(await fetchPage('/s/parity_hr_sim', 'listing'), ref('parity_hr_sim'));
    const num = listing.posts[listing.posts.length - 1].key;
    const s = telegramScraper.parsePost(await fetchPage(`/parity_hr_sim/${num}?embed=1`, 'post'), ref('parity_hr_sim'), num);
    expect(real.state).toBe('present');
    expect(s.state).toBe('present');
    const notModelled = [/^media\[\]\.(title|duration|tooBig)$/];
    expect(missing(filled(real.post), filled(s.post), notModelled)).toEqual([]);
  });

  it('embed of a missing post reads as missing, like the real C08', async () => {
    const real = telegramScraper.parsePost(fixturePage({ file: 'telegram/telegram-research/C08-embed-tdlibchat-50000.html', url: 'https://t.me/tdlibchat/50000?embed=1', purpose: 'post' }), ref('tdlibchat'), '50000');
    const s = telegramScraper.parsePost(await fetchPage('/parity_hr_sim/99999?embed=1', 'post'), ref('parity_hr_sim'), '99999');
    expect(real.state).toBe('missing');
    expect(s.state).toBe('missing');
  });

  it('a free username classifies as not_found, like the real C02 landing', async () => {
    const real = telegramScraper.classify(fixturePage({ file: 'telegram/telegram-research/C02-landing-nonexistent.html', url: 'https://t.me/s/zzqwxnonexistentchannel12345', finalUrl: 'https://t.me/zzqwxnonexistentchannel12345' }));
    const s = telegramScraper.classify(await fetchPage('/s/nobody_here_sim', 'listing'));
    expect(real.state).toBe('not_found');
    expect(s.state).toBe('not_found');
  });
});
