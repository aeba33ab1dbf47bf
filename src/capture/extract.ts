// Pure extraction from the rendered DOM: title, canonical URL, OpenGraph, description,
// visible text, and the media the page links directly (images, video, audio).
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';

export interface PageMeta {
  title?: string;
  canonicalUrl?: string;
  description?: string;
  lang?: string;
  openGraph: Record<string, string>;
}

export interface MediaLink {
  url: string;
  kind: 'image' | 'video' | 'audio';
}

const clean = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
};

const resolve = (href: string | undefined, base: string): string | undefined => {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};

export function extractMeta(html: string, baseUrl: string): PageMeta {
  return metaOf(cheerio.load(html), baseUrl);
}

function metaOf($: CheerioAPI, baseUrl: string): PageMeta {
  const openGraph: Record<string, string> = {};
  $('meta[property^="og:"], meta[name^="og:"]').each((_, el) => {
    const key = ($(el).attr('property') ?? $(el).attr('name') ?? '').slice(3);
    const val = $(el).attr('content');
    if (key && val !== undefined && !(key in openGraph)) openGraph[key] = val;
  });
  return {
    title: clean($('head > title').first().text()) ?? clean($('title').first().text()),
    canonicalUrl: resolve($('link[rel~="canonical"]').first().attr('href'), baseUrl),
    description: clean($('meta[name="description"]').first().attr('content')),
    lang: clean($('html').attr('lang')),
    openGraph,
  };
}

/** Readable text of the page: scripts/styles dropped, block elements on their own lines. */
export function extractText(html: string): string {
  return textOf(cheerio.load(html));
}

/** Changes the document (drops scripts, styles...): call last on a shared one. */
function textOf($: CheerioAPI): string {
  $('script, style, noscript, template, svg').remove();
  $('br').replaceWith('\n');
  $('p, div, li, h1, h2, h3, h4, h5, h6, tr, article, section, header, footer, blockquote, pre, time').each((_, el) => {
    $(el).append('\n');
  });
  const text = $('body').length ? $('body').text() : $.root().text();
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

/** Directly linked media, resolved against the final URL, de-duplicated, in document order. */
export function extractMediaLinks(html: string, baseUrl: string): MediaLink[] {
  return linksOf(cheerio.load(html), baseUrl);
}

function linksOf($: CheerioAPI, baseUrl: string): MediaLink[] {
  const out = new Map<string, MediaLink['kind']>();
  const add = (href: string | undefined, kind: MediaLink['kind']): void => {
    const u = resolve(href, baseUrl);
    if (u && !out.has(u)) out.set(u, kind);
  };
  $('img').each((_, el) => add($(el).attr('src'), 'image'));
  $('video').each((_, el) => {
    add($(el).attr('src'), 'video');
    add($(el).attr('poster'), 'image');
    $(el).find('source').each((_, s) => add($(s).attr('src'), 'video'));
  });
  $('audio').each((_, el) => {
    add($(el).attr('src'), 'audio');
    $(el).find('source').each((_, s) => add($(s).attr('src'), 'audio'));
  });
  $('meta[property="og:image"], meta[property="og:image:url"]').each((_, el) => add($(el).attr('content'), 'image'));
  $('meta[property="og:video"], meta[property="og:video:url"]').each((_, el) => add($(el).attr('content'), 'video'));
  return [...out].map(([url, kind]) => ({ url, kind }));
}

export interface Extracted {
  meta: PageMeta;
  text: string;
  links: MediaLink[];
}

/** All three from one parse of the DOM (a large page is parsed once, not three times). */
export function extractAll(html: string, baseUrl: string): Extracted {
  const $ = cheerio.load(html);
  const meta = metaOf($, baseUrl);
  const links = linksOf($, baseUrl);
  return { meta, links, text: textOf($) };
}
