// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) → FeedDoc. Pure.
import { z } from 'zod';
import type { MediaRef } from '../types.js';
import { isoDate, mediaType, type FeedDoc, type FeedItem } from './feed.js';
import { absoluteUrl } from '../url.js';

const Author = z.object({ name: z.string().optional() }).passthrough();
const Item = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    url: z.string().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: z.string().optional(),
    date_published: z.string().optional(),
    date_modified: z.string().optional(),
    author: Author.optional(),
    authors: z.array(Author).optional(),
    attachments: z.array(z.object({ url: z.string(), mime_type: z.string().optional(), title: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();
const Feed = z
  .object({
    version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\//),
    title: z.string().optional(),
    home_page_url: z.string().optional(),
    description: z.string().optional(),
    icon: z.string().optional(),
    items: z.array(z.unknown()),
  })
  .passthrough();

export function parseJsonFeed(text: string, base: string): FeedDoc | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const f = Feed.safeParse(raw);
  if (!f.success) return null;
  const items: FeedItem[] = [];
  // One malformed item must not hide the others: skip it, keep the rest.
  for (const r of f.data.items) {
    const it = Item.safeParse(r);
    if (it.success) items.push(toItem(it.data, base));
  }
  const doc: FeedDoc = { kind: 'json', items };
  if (f.data.title) doc.title = f.data.title;
  if (f.data.description) doc.description = f.data.description;
  if (f.data.home_page_url) doc.link = f.data.home_page_url;
  if (f.data.icon) doc.image = f.data.icon;
  return doc;
}

function toItem(i: z.infer<typeof Item>, base: string): FeedItem {
  const media: MediaRef[] = [];
  if (i.image) media.push({ type: 'photo', url: absoluteUrl(i.image, base) ?? i.image });
  for (const a of i.attachments ?? []) {
    const m: MediaRef = { type: mediaType(a.mime_type), url: absoluteUrl(a.url, base) ?? a.url };
    if (a.title) m.title = a.title;
    media.push(m);
  }
  const item: FeedItem = {
    id: i.id,
    url: (i.url && absoluteUrl(i.url, base)) || i.id,
    title: i.title ?? '',
    html: i.content_html ?? '',
    media,
  };
  const plain = i.content_text ?? i.summary;
  if (plain) item.plain = plain;
  const pub = isoDate(i.date_published);
  if (pub) item.publishedAt = pub;
  const upd = isoDate(i.date_modified);
  if (upd) item.updatedAt = upd;
  const author = i.authors?.[0]?.name ?? i.author?.name;
  if (author) item.author = author;
  return item;
}
