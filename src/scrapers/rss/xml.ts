// RSS 2.0 (and RDF/RSS 1.0), Atom and YouTube channel feeds → FeedDoc, with fast-xml-parser. Pure.
import { XMLParser } from 'fast-xml-parser';
import type { MediaRef } from '../types.js';
import { isoDate, mediaType, type FeedDoc, type FeedItem } from './feed.js';
import { absoluteUrl } from '../url.js';

type Node = Record<string, unknown>;

// Elements that may repeat are always arrays, so one-item feeds look like many-item ones.
const ARRAYS = new Set(['item', 'entry', 'link', 'enclosure', 'media:content', 'media:thumbnail', 'category', 'author']);

const parser = (): XMLParser =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false, // a title "2025" stays a string
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => ARRAYS.has(name),
  });

export function parseXmlFeed(text: string, base: string): FeedDoc | null {
  let root: Node;
  try {
    root = parser().parse(text) as Node;
  } catch {
    return null;
  }
  const rss = obj(root.rss);
  if (rss) return fromRss(obj(rss.channel) ?? {}, base, []);
  const rdf = obj(root['rdf:RDF']);
  if (rdf) return fromRss(obj(rdf.channel) ?? {}, base, arr(rdf.item));
  const feed = obj(root.feed);
  if (feed) return fromAtom(feed, base);
  return null;
}

function fromRss(ch: Node, base: string, rdfItems: unknown[]): FeedDoc {
  const items = [...arr(ch.item), ...rdfItems].map(obj).filter((n): n is Node => n !== undefined).map((n) => rssItem(n, base));
  const doc: FeedDoc = { kind: 'rss', items };
  setIf(doc, 'title', str(ch.title));
  setIf(doc, 'description', str(ch.description));
  setIf(doc, 'link', str(arr(ch.link).map(str).find((l) => l) ?? ''));
  setIf(doc, 'image', str(obj(ch.image)?.url));
  return doc;
}

function rssItem(n: Node, base: string): FeedItem {
  const link = absoluteUrl(arr(n.link).map(str).find((l) => l), base) ?? '';
  const guid = str(n.guid);
  const html = str(n['content:encoded']) || str(n.description);
  const media = [...enclosures(n, base), ...mediaRss(n, base)];
  const item: FeedItem = { id: guid || link || `${str(n.title)}|${str(n.pubDate)}`, url: link || guidUrl(guid, base), title: str(n.title), html, media };
  setIf(item, 'publishedAt', isoDate(str(n.pubDate) || str(n['dc:date'])));
  setIf(item, 'author', str(n['dc:creator']) || str(arr(n.author)[0]));
  return item;
}

function fromAtom(f: Node, base: string): FeedDoc {
  const channelId = str(f['yt:channelId']);
  const entries = arr(f.entry).map(obj).filter((n): n is Node => n !== undefined);
  const youtube = channelId !== '' || entries.some((e) => e['yt:videoId'] !== undefined);
  const doc: FeedDoc = { kind: youtube ? 'youtube' : 'atom', items: entries.map((e) => atomEntry(e, base)) };
  setIf(doc, 'title', str(f.title));
  setIf(doc, 'description', str(f.subtitle));
  setIf(doc, 'link', atomLink(f, base));
  setIf(doc, 'image', str(f.logo) || str(f.icon));
  // Feed-level yt:channelId drops the "UC" prefix; entries carry the full id.
  const full = str(entries[0]?.['yt:channelId']);
  setIf(doc, 'channelId', full || channelId);
  return doc;
}

function atomEntry(e: Node, base: string): FeedItem {
  const url = atomLink(e, base);
  const group = obj(e['media:group']) ?? {};
  const plain = str(group['media:description']);
  const media = [...mediaRss(group, base), ...mediaRss(e, base), ...atomEnclosures(e, base)];
  const videoTitle = str(group['media:title']);
  if (videoTitle) for (const m of media) if (m.type === 'video' && !m.title) m.title = videoTitle;
  const item: FeedItem = { id: str(e.id) || url, url, title: str(e.title), html: str(e.content) || str(e.summary), media };
  if (plain) item.plain = plain;
  setIf(item, 'publishedAt', isoDate(str(e.published) || str(e.updated)));
  setIf(item, 'updatedAt', isoDate(str(e.updated)));
  setIf(item, 'author', str(obj(arr(e.author)[0])?.name));
  const views = str(obj(obj(group['media:community'])?.['media:statistics'])?.['@_views']);
  if (/^\d+$/.test(views)) item.views = Number(views);
  return item;
}

function atomLink(n: Node, base: string): string {
  const links = arr(n.link).map(obj).filter((l): l is Node => l !== undefined);
  const alt = links.find((l) => (str(l['@_rel']) || 'alternate') === 'alternate') ?? links[0];
  return absoluteUrl(str(alt?.['@_href']), base) ?? '';
}

function atomEnclosures(e: Node, base: string): MediaRef[] {
  return arr(e.link)
    .map(obj)
    .filter((l): l is Node => l !== undefined && str(l['@_rel']) === 'enclosure')
    .map((l) => ({ type: mediaType(str(l['@_type'])), url: absoluteUrl(str(l['@_href']), base) ?? str(l['@_href']) }));
}

function enclosures(n: Node, base: string): MediaRef[] {
  return arr(n.enclosure)
    .map(obj)
    .filter((x): x is Node => x !== undefined && str(x['@_url']) !== '')
    .map((x) => ({ type: mediaType(str(x['@_type'])), url: absoluteUrl(str(x['@_url']), base) ?? str(x['@_url']) }));
}

/** media:content / media:thumbnail (Media RSS): thumbnails attach to the first content item. */
function mediaRss(n: Node, base: string): MediaRef[] {
  const thumbs = arr(n['media:thumbnail']).map((t) => absoluteUrl(str(obj(t)?.['@_url']), base)).filter((u): u is string => u !== null);
  const out: MediaRef[] = arr(n['media:content'])
    .map(obj)
    .filter((c): c is Node => c !== undefined && str(c['@_url']) !== '')
    .map((c) => ({ type: mediaType(str(c['@_type']), str(c['@_medium']) || undefined), url: absoluteUrl(str(c['@_url']), base) ?? str(c['@_url']) }));
  if (thumbs.length > 0) {
    if (out.length > 0) out[0].thumbUrl = thumbs[0];
    else out.push({ type: 'photo', url: thumbs[0], thumbUrl: thumbs[0] });
  }
  return out;
}

const guidUrl = (guid: string, base: string): string => absoluteUrl(guid, base) ?? guid;

const obj = (v: unknown): Node | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const arr = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Text of an element that may be a string or {#text, @_attr}. */
function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const o = obj(v);
  if (o && o['#text'] !== undefined) return str(o['#text']);
  return '';
}

function setIf<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined | ''): void {
  if (v !== undefined && v !== '') o[k] = v as T[K];
}
