// The X simulator's probe answers against the real recordings: SearchTimeline and TweetDetail have
// the recorded structure (every simulated key path exists in twscrape's raw_search.json /
// raw_tweet_details.json) and read the same through the scraper's probe parsers; the per-account
// shadow-ban toggle hides the account from search, typeahead and conversations.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xScraper } from '../../src/scrapers/x/index.js';
import { XSettings } from '../../src/scrapers/x/settings.js';
import type { FetchedPage, PostRecord } from '../../src/scrapers/types.js';
import { startXSim, type XSim } from '../../src/sim/x/index.js';

let sim: XSim;
let s: XSettings;
let reply: PostRecord;
beforeAll(async () => {
  sim = await startXSim({ guestTimelines: true });
  s = XSettings.parse({ baseUrl: sim.url });
  sim.world.addUser({ handle: 'ProbeMe', posts: 5 });
  sim.world.addUser({ handle: 'Parent', posts: 1 });
  const r = sim.world.post('ProbeMe', { replyTo: { handle: 'Parent', id: sim.world.user('Parent').posts[0]!.id } })[0]!;
  reply = { id: `probeme/${r.id}`, key: r.id, order: r.id, url: '', text: r.text, html: '', edited: false, links: [], media: [], replyTo: { url: `https://x.com/Parent/status/${r.inReplyTo!.id}` } };
});
afterAll(async () => sim?.close());

const fx = (f: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/x/${f}`, import.meta.url), 'utf8'));
async function get(url: string): Promise<FetchedPage> {
  const res = await fetch(url);
  return { url, finalUrl: res.url, status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose: 'probe' };
}
function paths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(`${prefix}.${k}`);
      paths(x, `${prefix}.${k}`, out);
    }
  }
  return out;
}
const ref = () => xScraper.match('x:ProbeMe')!;
const search = (kind: 'handle' | 'phrase', text: string) => get(xScraper.planSearch!(ref(), s, { kind, text })!.url);

describe('X probe answers', () => {
  it('SearchTimeline: recorded structure; finds the account by handle and exact phrase', async () => {
    const p = await search('handle', 'probeme');
    const real = paths(fx('twscrape/raw_search.json'));
    // The recorded search holds no reply; its in_reply_to_* fields are those raw_tweet_details.json's replies carry.
    expect([...paths(JSON.parse(p.body.toString('utf8')))].filter((k) => !real.has(k) && !/\.legacy\.in_reply_to_(screen_name|status_id_str|user_id_str)$/.test(k))).toEqual([]);
    expect(xScraper.parseSearch!(p, ref()).keys).toHaveLength(6);
    const first = sim.world.user('ProbeMe').posts[0]!;
    const ph = xScraper.parseSearch!(await search('phrase', first.text.split(' ').slice(0, 4).join(' ')), ref());
    expect(ph.keys).toEqual([first.id]);
  });

  it('TweetDetail: recorded structure; the reply is shown in its conversation', async () => {
    const p = await get(xScraper.planConversation!(ref(), s, reply)!.url);
    const real = paths(fx('twscrape/raw_tweet_details.json'));
    expect([...paths(JSON.parse(p.body.toString('utf8')))].filter((k) => !real.has(k))).toEqual([]);
    expect(xScraper.parseConversation!(p, ref(), reply)).toEqual({ state: 'ok', placement: 'shown' });
  });

  it('the shadow-ban toggle: absent from search and typeahead, reply behind "show more"; lifted again', async () => {
    const typeahead = async () => xScraper.parseTypeahead!(await get(xScraper.planTypeahead!(ref(), s)!.url), ref());
    expect(await typeahead()).toEqual({ state: 'ok', found: true });
    sim.world.setShadow('ProbeMe', { search: true, suggestion: true, reply: true });
    expect(xScraper.parseSearch!(await search('handle', 'probeme'), ref())).toEqual({ state: 'ok', keys: [] });
    expect(await typeahead()).toEqual({ state: 'ok', found: false });
    expect(xScraper.parseConversation!(await get(xScraper.planConversation!(ref(), s, reply)!.url), ref(), reply)).toEqual({ state: 'ok', placement: 'hidden' });
    sim.world.setShadow('ProbeMe', { search: false, suggestion: false, reply: false });
    expect(await typeahead()).toEqual({ state: 'ok', found: true });
    expect(sim.world.truth.filter((t) => t.type.startsWith('shadowban_')).map((t) => `${t.type}:${t.on}`)).toEqual([
      'shadowban_search:true',
      'shadowban_suggestion:true',
      'shadowban_reply:true',
      'shadowban_search:false',
      'shadowban_suggestion:false',
      'shadowban_reply:false',
    ]);
  });
});
