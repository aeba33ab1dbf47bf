// FeedItem → PostRecord. Pure.
import type { PostRecord } from '../types.js';
import type { FeedItem } from './feed.js';
import { stableKey, statementOrder } from '../statement.js';
import { htmlLinks, htmlToText, textUrls, tidy } from '../html-text.js';

export function itemToPost(it: FeedItem): PostRecord {
  const summary = it.plain !== undefined ? tidy(it.plain) : htmlToText(it.html);
  const title = tidy(it.title);
  // Title and summary both carry the statement: an edited headline is an edit too.
  const text = summary === '' || summary === title ? title : title === '' ? summary : `${title}\n\n${summary}`;
  const links = new Set<string>();
  if (it.url) links.add(it.url);
  for (const l of htmlLinks(it.html, it.url || 'http://invalid/')) links.add(l);
  if (it.plain) for (const l of textUrls(it.plain)) links.add(l);
  const key = stableKey(it.id);
  const post: PostRecord = {
    id: it.id,
    key,
    order: statementOrder(key, it.publishedAt),
    url: it.url,
    text,
    html: it.html,
    edited: false,
    links: [...links],
    media: it.media,
  };
  if (it.publishedAt) post.publishedAt = it.publishedAt;
  if (it.views !== undefined) post.views = it.views;
  if (it.author) post.author = it.author;
  return post;
}
