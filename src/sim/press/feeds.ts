// The press office's feeds: RSS 2.0, JSON Feed 1.1, and a YouTube-style channel Atom feed
// with the same structure as the real fixture (yt:videoId, media:group, media:statistics). Pure.
import { current, type PressItem, type PressVideo } from './model.js';
import { esc } from './render.js';
import { renderChannelAtom } from '../youtube/feed.js';

export function renderRss(items: PressItem[], origin: string): string {
  const entries = items
    .map((i) => {
      const v = current(i);
      const url = `${origin}/press/${i.slug}`;
      const html = v.text
        .split('\n')
        .filter((p) => p.trim() !== '')
        .map((p) => `<p>${esc(p)}</p>`)
        .join('');
      return `    <item>
      <title>${esc(v.title)}</title>
      <link>${url}</link>
      <guid isPermaLink="true">${url}</guid>
      <pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>
      <description><![CDATA[${html}]]></description>
      <enclosure url="${origin}/press/img/${i.slug}.png" type="image/png" length="70"/>
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Министерство внутренних дел — пресс-релизы</title>
    <link>${origin}/press/</link>
    <description>Официальные сообщения пресс-службы</description>
    <language>ru</language>
    <atom:link href="${origin}/press/rss.xml" rel="self" type="application/rss+xml"/>
${entries}
  </channel>
</rss>
`;
}

export function renderJsonFeed(items: PressItem[], origin: string): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Ministry of Interior — press releases',
      home_page_url: `${origin}/press/`,
      feed_url: `${origin}/press/feed.json`,
      items: items.map((i) => {
        const v = current(i);
        return {
          id: `${origin}/press/${i.slug}`,
          url: `${origin}/press/${i.slug}`,
          title: v.title,
          content_text: v.text,
          date_published: i.publishedAt,
          ...(i.versions.length > 1 ? { date_modified: v.at } : {}),
          image: `${origin}/press/img/${i.slug}.png`,
          language: i.lang,
        };
      }),
    },
    null,
    2,
  );
}

export const SIM_CHANNEL_ID = 'UCpressOfficeSim0000000';

/** The press office's channel feed: the shared renderer (src/sim/youtube/feed.ts) with its origin and author. */
export function renderYouTubeAtom(videos: PressVideo[], origin: string, channelId = SIM_CHANNEL_ID): string {
  const list = videos.map((v) => ({ ...v, publishedAt: Date.parse(v.publishedAt) }));
  return renderChannelAtom({ id: channelId, title: 'Пресс-служба', published: '2008-02-16T12:15:11+00:00' }, list, { site: origin, thumbs: origin });
}
