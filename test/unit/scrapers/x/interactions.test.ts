// X replies as interactions: TweetDetail planned for own posts only, parsed with what X shows of
// each replier (default picture, creation time, followers); errors and missing conversations are no verdict.
import { describe, expect, it } from 'vitest';
import { planInteractionsX, parseInteractionsX } from '../../../../src/scrapers/x/interactions.js';
import { operationOf, variablesOf } from '../../../../src/scrapers/x/graphql.js';
import { XSettings } from '../../../../src/scrapers/x/settings.js';
import { XWorld } from '../../../../src/sim/x/model.js';
import { renderTweetDetail } from '../../../../src/sim/x/probes.js';
import { botFarm } from '../../../../src/sim/crowds.js';
import type { FetchedPage, PostRecord, TargetRef } from '../../../../src/scrapers/types.js';

const s = XSettings.parse({});
const ref: TargetRef = { platform: 'x', key: 'freevoice', spec: 'x:freevoice' };
const page = (body: unknown, status = 200): FetchedPage => ({ url: 'https://x.com/i/api/graphql/q/TweetDetail', finalUrl: 'https://x.com/i/api/graphql/q/TweetDetail', status, headers: {}, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), fetchedAt: '2026-03-01T12:00:00Z', purpose: 'interactions' });
const postOf = (key: string, extra: Partial<PostRecord> = {}): PostRecord => ({ id: `freevoice/${key}`, key, order: key, url: `https://x.com/FreeVoice/status/${key}`, text: 't', html: 't', edited: false, links: [], media: [], ...extra });

describe('X interactions', () => {
  it('plans TweetDetail for the post, none for a retweet', () => {
    const step = planInteractionsX(ref, s, postOf('1950000000123456789'))!;
    expect(operationOf(step.url)).toBe('TweetDetail');
    expect(variablesOf(step.url).focalTweetId).toBe('1950000000123456789');
    expect(step.purpose).toBe('interactions');
    expect(planInteractionsX(ref, s, postOf('1', { forwardedFrom: { name: '@other' } }))).toBeUndefined();
  });

  it('parses replies and quotes with their authors’ traits; the account’s own replies are left out', () => {
    const t0 = Date.parse('2026-03-01T12:00:00Z');
    const w = new XWorld(() => new Date(t0));
    const u = w.addUser({ handle: 'FreeVoice', posts: 2 });
    const p = u.posts[1]!;
    const farm = botFarm(t0, { seed: 5, count: 6, target: { handle: 'FreeVoice' }, lang: 'en' });
    w.replyCrowd('FreeVoice', p.id, t0, farm);
    w.replyCrowd('FreeVoice', p.id, t0, [{ name: 'Quoter', username: 'quoter', avatar: true, createdAt: '2015-01-01T00:00:00.000Z', followers: 900, text: 'look at this', offsetMs: 5000 }], true);
    const found = w.findPost(p.id)!;
    // The account answering in its own thread is not an interaction with it.
    found.post.replies!.push({ user: u, post: { id: '1', text: 'thanks', createdAt: new Date(t0).toISOString(), views: 1, media: [] } });
    const probe = parseInteractionsX(page(renderTweetDetail(w, p.id, 'DE')), ref, postOf(p.id));
    expect(probe.state).toBe('ok');
    expect(probe.total).toBe(7);
    expect(probe.interactions).toHaveLength(7);
    const first = probe.interactions[0]!;
    expect(first.kind).toBe('reply');
    expect(first.author.username).toBe(farm[0]!.username);
    expect(first.author.avatar).toBe(farm[0]!.avatar);
    expect(first.author.followers).toBe(farm[0]!.followers);
    expect(first.author.createdAt).toBe(new Date(Math.floor(Date.parse(farm[0]!.createdAt) / 1000) * 1000).toISOString());
    expect(first.at).toBe(new Date(Math.floor((t0 + farm[0]!.offsetMs) / 1000) * 1000).toISOString());
    expect(first.text).toBe(`@FreeVoice ${farm[0]!.text}`);
    expect(probe.interactions.at(-1)).toMatchObject({ kind: 'quote', author: { username: 'quoter', avatar: true, followers: 900 } });
  });

  it('no verdict: 429, not JSON, a gone post, errors', () => {
    expect(parseInteractionsX(page({}, 429), ref, postOf('5')).state).toBe('no_verdict');
    expect(parseInteractionsX(page('<html>captcha'), ref, postOf('5')).state).toBe('no_verdict');
    expect(parseInteractionsX(page({ data: {} }), ref, postOf('5')).state).toBe('no_verdict');
    expect(parseInteractionsX(page({ errors: [{ code: 88, message: 'Rate limit' }] }), ref, postOf('5')).state).toBe('no_verdict');
  });
});
