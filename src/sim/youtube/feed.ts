// The channel's Atom feed (/feeds/videos.xml?channel_id=UC…), in the structure of the recorded
// feed (test/fixtures/youtube/atom-feed-youtube.xml): the 15 newest visible videos with exact
// publication times. The feed of a gone channel answers Google's generic 404 page (recorded:
// np-channel-feed-404-terminated.json).
import type { YtChannel } from './model.js';
import { escXml } from './format.js';
import { listedVideos } from './browse.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** One video of a channel feed; `publishedAt` in ms. */
export interface AtomVideo {
  id: string;
  title: string;
  description: string;
  views: number;
  publishedAt: number;
}

/**
 * Where a feed points and who it names: `site` for watch, channel and player links (YouTube's own
 * site, or a press office's copy), `thumbs` for thumbnails, `self` for the feed's own link.
 */
export interface AtomOrigins {
  site: string;
  thumbs: string;
  self?: string;
}

/**
 * A channel's Atom feed in the structure of the recorded one (test/fixtures/youtube/
 * atom-feed-youtube.xml). The one renderer for the YouTube simulator and the press office's channel.
 */
export function renderChannelAtom(ch: { id: string; title: string; author?: string; published: string }, videos: readonly AtomVideo[], o: AtomOrigins): string {
  const author = escXml(ch.author ?? ch.title);
  const entries = videos
    .map(
      (v) => `    <entry>
        <id>yt:video:${v.id}</id>
        <yt:videoId>${v.id}</yt:videoId>
        <yt:channelId>${ch.id}</yt:channelId>
        <title>${escXml(v.title)}</title>
        <link rel="alternate" href="${o.site}/watch?v=${v.id}"/>
        <author>
            <name>${author}</name>
            <uri>${o.site}/channel/${ch.id}</uri>
        </author>
        <published>${iso(v.publishedAt)}</published>
        <updated>${iso(v.publishedAt)}</updated>
        <media:group>
            <media:title>${escXml(v.title)}</media:title>
            <media:content url="${o.site}/v/${v.id}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
            <media:thumbnail url="${o.thumbs}/vi/${v.id}/hqdefault.jpg" width="480" height="360"/>
            <media:description>${escXml(v.description)}</media:description>
            <media:community>
                <media:starRating count="0" average="0.00" min="1" max="5"/>
                <media:statistics views="${v.views}"/>
            </media:community>
        </media:group>
    </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
    <link rel="self" href="${o.self ?? o.site}/feeds/videos.xml?channel_id=${ch.id}"/>
    <id>yt:channel:${ch.id.slice(2)}</id>
    <yt:channelId>${ch.id.slice(2)}</yt:channelId>
    <title>${escXml(ch.title)}</title>
    <link rel="alternate" href="${o.site}/channel/${ch.id}"/>
    <author>
        <name>${author}</name>
        <uri>${o.site}/channel/${ch.id}</uri>
    </author>
    <published>${ch.published}</published>
${entries}
</feed>
`;
}

/** The simulated channel's feed: the 15 newest videos visible from `country`, YouTube's own links. */
export function renderFeed(c: YtChannel, country: string): string {
  return renderChannelAtom({ id: c.id, title: c.title, published: '2015-03-01T10:00:00+00:00' }, listedVideos(c, country).slice(0, 15), { site: 'https://www.youtube.com', thumbs: 'https://i4.ytimg.com', self: 'http://www.youtube.com' });
}

/** Google's generic 404 page (the recorded feed answer for a terminated channel starts the same way). */
export const google404 = (): string =>
  `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n  <title>Error 404 (Not Found)!!1</title>\n  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL was not found on this server.  <ins>That’s all we know.</ins>\n`;
