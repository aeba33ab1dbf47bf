// YouTube comments as interactions: the watch page names the continuation (or says comments are
// off), the first /youtubei/v1/next answer leads to the newest-first sort, and that answer's
// threads parse the same in the current entity shape and the older renderer shape (simulator
// answers built like the real ones: yt-dlp `_extract_comment` / `_extract_comment_old`), and on
// NewPipeExtractor's recorded watch-next object and comments answer (test/fixtures/youtube/PROVENANCE.md).
import { describe, expect, it } from 'vitest';
import { youtubeScraper } from '../../../../src/scrapers/youtube/index.js';
import { YouTubeSettings } from '../../../../src/scrapers/youtube/settings.js';
import type { FetchedPage, FetchStep, PostRecord } from '../../../../src/scrapers/types.js';
import { YtWorld } from '../../../../src/sim/youtube/model.js';
import { playerFor } from '../../../../src/sim/youtube/player.js';
import { consentPage, sorryPage, watchPage } from '../../../../src/sim/youtube/html.js';
import { commentsAnswer, commentToken, COMMENTS_OFF_TEXT, watchData, type CommentShape } from '../../../../src/sim/youtube/comments.js';
import { commentSection } from '../../../../src/scrapers/youtube/comments.js';
import { commentsOf, sortTokens } from '../../../../src/scrapers/youtube/comment-parse.js';
import { recording } from './fixtures.js';
import { interactionsDigest } from '../../../../src/workers/interactions.js';

const ORIGIN = 'http://127.0.0.1:9';
const s = YouTubeSettings.parse({ baseUrl: ORIGIN, interactionsPerPoll: 1 });
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const ref = youtubeScraper.match('youtube:@target')!;

function world(): { w: YtWorld; videoId: string; post: PostRecord } {
  const w = new YtWorld(() => NOW);
  w.addChannel({ handle: '@target', videos: 3 });
  const v = w.mustGet('@target').videos.at(-1)!;
  w.comment('@target', { author: { handle: '@anna_petrova', name: 'Anna Petrova', avatar: true }, text: 'Thank you for this report', at: NOW - 3 * 60_000 });
  w.comment('@target', { author: { handle: '@ivan84712', name: 'ivan84712', avatar: false }, text: 'Report this channel now', at: NOW - 30_000 });
  const post: PostRecord = { id: `@target/${v.id}`, key: v.id, order: String(v.publishedAt), url: `${ORIGIN}/watch?v=${v.id}`, text: v.title, html: '', edited: false, links: [], media: [] };
  return { w, videoId: v.id, post };
}

const html = (body: string, url: string, status = 200): FetchedPage => ({ url, finalUrl: url, status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(body), fetchedAt: new Date(NOW).toISOString(), purpose: 'interactions' });
const api = (v: unknown, status = 200): FetchedPage => ({ url: `${ORIGIN}/youtubei/v1/next?prettyPrint=false`, finalUrl: `${ORIGIN}/youtubei/v1/next?prettyPrint=false`, status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: Buffer.from(JSON.stringify(v)), fetchedAt: new Date(NOW).toISOString(), purpose: 'interactions' });

function watch(w: YtWorld, videoId: string): FetchedPage {
  const found = w.findVideo(videoId)!;
  const player = playerFor(found, { origin: ORIGIN, country: 'DE', loggedIn: false });
  return html(watchPage(found.video.title, player, watchData(found.channel, found.video, w.commentsOf(videoId))), `${ORIGIN}/watch?v=${videoId}`);
}
const tokenOf = (step: FetchStep | undefined): string => (JSON.parse(step!.body!) as { continuation: string }).continuation;

describe('YouTube comments (interactions)', () => {
  it('plans the watch page, whose comment section leads to a POST of its token to /youtubei/v1/next', () => {
    const { w, videoId, post } = world();
    const step = youtubeScraper.planInteractions!(ref, s, post)!;
    expect(step).toEqual({ via: 'http', url: `${ORIGIN}/watch?v=${videoId}`, purpose: 'interactions' });
    const probe = youtubeScraper.parseInteractions!(watch(w, videoId), ref, post);
    expect(probe.state).toBe('no_verdict');
    expect(probe.next).toMatchObject({ via: 'http', method: 'POST', url: `${ORIGIN}/youtubei/v1/next?prettyPrint=false`, headers: { 'content-type': 'application/json', 'x-youtube-client-version': '2.20260520.01.00' } });
    const body = JSON.parse(probe.next!.body!) as { context: { client: { clientName: string; clientVersion: string } }; continuation: string };
    expect(body.context.client).toMatchObject({ clientName: 'WEB', clientVersion: '2.20260520.01.00' });
    expect(body.continuation).toBe(commentToken(videoId, 'top'));
  });

  it('the first answer (top comments) leads to the newest-first sort; that one lists the comments', () => {
    const { w, videoId, post } = world();
    const top = youtubeScraper.parseInteractions!(api(commentsAnswer(videoId, w.commentsOf(videoId), 'top', NOW, 'entity')), ref, post);
    expect(top.state).toBe('no_verdict');
    expect(tokenOf(top.next)).toBe(commentToken(videoId, 'new'));
    const newest = youtubeScraper.parseInteractions!(api(commentsAnswer(videoId, w.commentsOf(videoId), 'new', NOW, 'entity')), ref, post);
    expect(newest.next).toBeUndefined();
    expect(newest.state).toBe('ok');
    expect(newest.total).toBe(2);
    const [farm, real] = newest.interactions;
    expect(real).toMatchObject({
      kind: 'comment',
      url: `${ORIGIN}/watch?v=${videoId}&lc=${real!.key}`,
      author: { name: '@anna_petrova', username: 'anna_petrova', avatar: true },
      text: 'Thank you for this report',
      at: new Date(NOW - 3 * 60_000).toISOString(),
    });
    expect(real!.author.url).toMatch(new RegExp(`^${ORIGIN}/channel/UC[A-Za-z0-9_-]{22}$`));
    expect(real!.author.createdAt).toBeUndefined();
    // YouTube's default-user picture: no avatar (a bot-farm trait the rules can use).
    expect(farm).toMatchObject({ author: { username: 'ivan84712', avatar: false, avatarUrl: 'https://yt3.ggpht.com/a/default-user=s88-c-k-c0x00ffffff-no-rj' }, text: 'Report this channel now', at: new Date(NOW - 30_000).toISOString() });
  });

  it('times are estimates from the relative age, left out of the digest: a later read of the same comments is unchanged', () => {
    const { w, videoId, post } = world();
    w.comment('@target', { author: { handle: '@old_reader', name: 'Old Reader', avatar: true }, text: 'Seen this last week', at: NOW - 2 * 3_600_000 - 600_000 });
    const at = (t: number) => youtubeScraper.parseInteractions!({ ...api(commentsAnswer(videoId, w.commentsOf(videoId), 'new', t, 'entity')), fetchedAt: new Date(t).toISOString() }, ref, post);
    const first = at(NOW);
    const later = at(NOW + 40 * 60_000);
    expect(first.interactions.every((i) => / ago$/.test(i.atShown ?? ''))).toBe(true);
    // "2 hours ago" then "2 hours ago" 40 minutes later: the estimate moved, the comments did not.
    expect(later.interactions.find((i) => i.author.username === 'old_reader')!.at).not.toBe(first.interactions.find((i) => i.author.username === 'old_reader')!.at);
    expect(interactionsDigest(later)).toBe(interactionsDigest(first));
    w.comment('@target', { author: { handle: '@newcomer', name: 'Newcomer', avatar: true }, text: 'New here', at: NOW + 39 * 60_000 });
    expect(interactionsDigest(at(NOW + 40 * 60_000))).not.toBe(interactionsDigest(first));
  });

  it('reads the older commentRenderer shape to the very same interactions', () => {
    const { w, videoId, post } = world();
    const read = (shape: CommentShape) => youtubeScraper.parseInteractions!(api(commentsAnswer(videoId, w.commentsOf(videoId), 'new', NOW, shape)), ref, post);
    const entity = read('entity');
    const renderer = read('renderer');
    expect(JSON.stringify(commentsAnswer(videoId, w.commentsOf(videoId), 'new', NOW, 'renderer'))).toContain('commentRenderer');
    expect(renderer.state).toBe('ok');
    expect(renderer.interactions).toHaveLength(2);
    expect(renderer).toEqual(entity);
  });

  it('matches entities by key whatever their order, and leaves the channel owner and unmatched views out', () => {
    const { w, videoId, post } = world();
    const a = commentsAnswer(videoId, w.commentsOf(videoId), 'new', NOW, 'entity') as { frameworkUpdates: { entityBatchUpdate: { mutations: { payload: { commentEntityPayload: { author: { isCreator: boolean } } } }[] } }; onResponseReceivedEndpoints: { reloadContinuationItemsCommand: { continuationItems: unknown[] } }[] };
    const muts = a.frameworkUpdates.entityBatchUpdate.mutations;
    muts.reverse();
    const owner = structuredClone(muts[0]!);
    (owner as unknown as { entityKey: string }).entityKey = 'Eg0Sowner';
    (owner.payload.commentEntityPayload as unknown as { key: string; properties: { commentId: string } }).key = 'Eg0Sowner';
    (owner.payload.commentEntityPayload as unknown as { properties: { commentId: string } }).properties.commentId = 'UgzOwner';
    owner.payload.commentEntityPayload.author.isCreator = true;
    muts.push(owner);
    a.onResponseReceivedEndpoints[1]!.reloadContinuationItemsCommand.continuationItems.push(
      { commentThreadRenderer: { commentViewModel: { commentViewModel: { commentKey: 'Eg0Sowner', commentId: 'UgzOwner' } } } },
      { commentThreadRenderer: { commentViewModel: { commentViewModel: { commentKey: 'Eg0Snobody', commentId: 'UgzNobody' } } } },
    );
    const probe = youtubeScraper.parseInteractions!(api(a), ref, post);
    expect(probe.state).toBe('ok');
    expect(probe.interactions.map((i) => i.author.username)).toEqual(['ivan84712', 'anna_petrova']);
  });

  it('comments turned off is `none`; an unplayable video, consent, bot check, 429 and foreign answers are no verdict', () => {
    const { w, videoId, post } = world();
    w.setCommentsOff(videoId, true);
    const off = youtubeScraper.parseInteractions!(watch(w, videoId), ref, post);
    expect(off).toMatchObject({ state: 'none', interactions: [], reason: COMMENTS_OFF_TEXT.trim() });
    expect(off.next).toBeUndefined();
    const url = `${ORIGIN}/watch?v=${videoId}`;
    w.setVideo('@target', videoId, { state: 'deleted' });
    const gone = youtubeScraper.parseInteractions!(html(watchPage('YouTube', playerFor(w.findVideo(videoId), { origin: ORIGIN, country: 'DE', loggedIn: false })), url), ref, post);
    expect(gone.state).toBe('no_verdict');
    for (const p of [html(consentPage(), url), html(sorryPage(), url), html(sorryPage(), url, 429), api({ error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } }), api({ responseContext: {} }), api({ ok: true }), api(commentsAnswer(videoId, w.commentsOf(videoId), 'new', NOW, 'entity'), 503)]) {
      const probe = youtubeScraper.parseInteractions!(p, ref, post);
      expect(probe.state).toBe('no_verdict');
      expect(probe.next).toBeUndefined();
    }
    // A consent redirect of the POST lands on an HTML page without ytInitialData: no verdict, no next.
    expect(youtubeScraper.parseInteractions!({ ...html(consentPage(), `${ORIGIN}/youtubei/v1/next?prettyPrint=false`) }, ref, post).state).toBe('no_verdict');
  });
});

describe('YouTube comments on real recordings (NewPipeExtractor, 2026-06)', () => {
  const watchNext = recording('np-comments-next-watch-editedcomment.json');
  const answer = recording('np-comments-next-entity-editedcomment.json');
  const post: PostRecord = { id: 'x/VsFjP58j5i8', key: String(watchNext.request.videoId), order: '1', url: 'https://www.youtube.com/watch?v=VsFjP58j5i8', text: '', html: '', edited: false, links: [], media: [] };
  const yt = youtubeScraper.match('youtube:@someone')!;

  it('the watch page object names the very token the recorded comments call sent', () => {
    const sec = commentSection(JSON.parse(watchNext.body) as Record<string, unknown>)!;
    expect(sec.sectionIdentifier).toBe('comment-item-section');
    // The same object embedded in a watch page (var ytInitialData = …;), as the scraper fetches it.
    const page: FetchedPage = { url: 'https://www.youtube.com/watch?v=VsFjP58j5i8', finalUrl: 'https://www.youtube.com/watch?v=VsFjP58j5i8', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(`<!DOCTYPE html><html><head><script>ytcfg.set({"INNERTUBE_CLIENT_VERSION":"2.20260612.01.00"});</script></head><body><script>var ytInitialData = ${watchNext.body};</script></body></html>`), fetchedAt: '2026-06-15T12:00:00.000Z', purpose: 'interactions' };
    const probe = youtubeScraper.parseInteractions!(page, yt, post);
    expect(probe.next?.url).toBe('https://www.youtube.com/youtubei/v1/next?prettyPrint=false');
    expect(tokenOf(probe.next)).toBe(answer.request.continuation);
  });

  it('the recorded answer: header count, the Newest sort asked next, and its 20 threads read from the entities', () => {
    const page: FetchedPage = { url: answer.url, finalUrl: answer.url, status: answer.status, headers: answer.headers, body: Buffer.from(answer.body), fetchedAt: '2026-06-15T12:00:00.000Z', purpose: 'interactions' };
    const probe = youtubeScraper.parseInteractions!(page, yt, post);
    expect(probe.state).toBe('no_verdict');
    const data = JSON.parse(answer.body) as Record<string, unknown>;
    const sort = sortTokens(data);
    expect(sort).toMatchObject({ total: 2146, newestSelected: false });
    expect(tokenOf(probe.next)).toBe(sort.newest);
    const read = commentsOf(data, { origin: 'https://www.youtube.com', videoId: post.key, fetchedAt: Date.parse('2026-06-15T12:00:00.000Z') })!;
    expect(read.interactions).toHaveLength(20);
    expect(read.interactions[0]).toMatchObject({
      kind: 'comment',
      key: 'UgyIY-qixKpEe_3Q_v94AaABAg',
      author: { name: '@zngpooo', username: 'zngpooo', url: 'https://www.youtube.com/channel/UCYQnUFnBY5ol-BLH39rV9lA', avatar: true },
      text: 'Dear stranger, you have a great taste in music see you after 30 years.',
      at: new Date(Date.parse('2026-06-15T12:00:00.000Z') - 3 * 30 * 86_400_000).toISOString(),
    });
    for (const i of read.interactions) {
      expect(i.author.url).toMatch(/^https:\/\/www\.youtube\.com\/channel\/UC[\w-]{22}$/);
      expect(i.text.length).toBeGreaterThan(0);
      expect(i.at).toBeDefined();
    }
    // Every listed thread found its entity: as many comments as threads.
    expect(new Set(read.interactions.map((i) => i.key)).size).toBe(20);
  });
});
