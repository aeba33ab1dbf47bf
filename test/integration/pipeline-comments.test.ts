// Telegram discussion comments end to end (real redis-server, s3rver, the Telegram simulator): the
// comments of the newest posts are read each poll, archived (page capture + a blob per post listed
// under the observation record's `interactions`) only when they changed, and never produce events.
import { describe, expect, it } from 'vitest';
import { CaptureManifest, type ObservationRecord } from '../../src/archive/types.js';
import { Interaction } from '../../src/scrapers/types.js';
import { usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'pcmt',
  sim: true,
  app: {
    jobPrefix: 'cmt',
    settings: {
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8 },
      platforms: { telegram: { rescanPages: 0, interactionsPerPoll: 2, commentsLimit: 10 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

const withComments = async (target: string): Promise<ObservationRecord[]> => (await h.observations(target)).filter((o) => (o.interactions?.length ?? 0) > 0).sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.id.localeCompare(b.id));
const blob = async (sha: string) => JSON.parse((await h.app.core.archive.getBlob(sha))!.toString('utf8')) as { postKey: string; url: string; total?: number; state: string; interactions: unknown[] };

describe('Telegram comments through the pipeline', () => {
  it('read for the newest posts, archived when they change, unchanged polls write nothing, never an event', async () => {
    h.channel('cmtchan', 4);
    h.sim.apply({ type: 'comment', channel: 'cmtchan', num: 4, author: 'Анна К.', username: 'anna_k', text: 'Спасибо' });
    h.sim.apply({ type: 'comment', channel: 'cmtchan', num: 4, author: 'user88127', avatar: false, text: 'Предатели', count: 3 });
    h.sim.apply({ type: 'comment', channel: 'cmtchan', num: 1, author: 'Old', text: 'too old to be read' });

    const first = await h.pollChannel('cmt', 'cmtchan');
    expect(first.state).toBe('ok');
    const [rec] = await withComments('cmt');
    expect(rec!.interactions!.map((i) => [i.postKey, i.count, i.total])).toEqual([
      ['4', 4, 4],
      ['3', 0, 0],
    ]);
    const stored = await blob(rec!.interactions![0]!.sha256);
    const list = stored.interactions.map((i) => Interaction.parse(i));
    expect(stored.url).toMatch(/\/cmtchan\/4\?embed=1&discussion=1&comments_limit=10$/);
    expect(list.map((i) => [i.author.name, i.author.avatar, i.text])).toEqual([
      ['Анна К.', true, 'Спасибо'],
      ['user88127', false, 'Предатели 1'],
      ['user88127', false, 'Предатели 2'],
      ['user88127', false, 'Предатели 3'],
    ]);
    expect(list[0]!.author.username).toBe('anna_k');
    // The page the comments were read from is archived with its own capture manifest.
    const cap = await h.app.core.archive.getJson(`captures/${rec!.observedAt.slice(0, 4)}/${rec!.observedAt.slice(5, 7)}/${rec!.observedAt.slice(8, 10)}/${rec!.interactions![0]!.capture}.json`, CaptureManifest);
    expect(cap?.metadata?.purpose).toBe('interactions');

    // Nothing changed: a "seen" poll, no new record.
    expect((await h.pollChannel('cmt', 'cmtchan')).unchanged).toBe(true);
    expect(await withComments('cmt')).toHaveLength(1);

    // A new comment on post 3: only that post's interactions are recorded again.
    h.sim.apply({ type: 'comment', channel: 'cmtchan', num: 3, author: 'bot_99', avatar: false, text: 'Пожаловался' });
    const third = await h.pollChannel('cmt', 'cmtchan');
    expect(third.unchanged).toBe(false);
    const recs = await withComments('cmt');
    expect(recs).toHaveLength(2);
    expect(recs[1]!.interactions!.map((i) => [i.postKey, i.count])).toEqual([['3', 1]]);

    // The discussion group goes private: recorded as "none" (nothing public to read), not an error.
    h.sim.apply({ type: 'discussion', channel: 'cmtchan', mode: 'private' });
    await h.pollChannel('cmt', 'cmtchan');
    const last = (await withComments('cmt')).at(-1)!;
    expect(last.interactions!.map((i) => [i.postKey, i.state, i.count])).toEqual([
      ['4', 'none', 0],
      ['3', 'none', 0],
    ]);
    expect(await h.eventsFor('cmt')).toEqual([]);
  });
});
