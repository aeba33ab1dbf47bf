// Pure readers for what a capture tool produced: WARC record counts, the resources a page
// needs to render offline, and how many of them a WARC or a single HTML file really holds.
// Values in, values out: the runners pass bytes read from disk or from memory.
import { load } from 'cheerio';
import { WARCParser } from 'warcio';

export interface WarcSummary {
  total: number;
  byType: Record<string, number>;
  /** URL -> {status, content-type} of every response/resource record (last one wins). */
  responses: Map<string, { status: number; type: string }>;
}

/** Reads every record of a WARC (gzip per record or plain), counting them by WARC-Type. */
export async function readWarc(bytes: Uint8Array): Promise<WarcSummary> {
  const byType: Record<string, number> = {};
  const responses = new Map<string, { status: number; type: string }>();
  let total = 0;
  for await (const rec of WARCParser.iterRecords([bytes])) {
    total++;
    const t = String(rec.warcType);
    byType[t] = (byType[t] ?? 0) + 1;
    const uri = rec.warcTargetURI;
    if (uri && (t === 'response' || t === 'resource')) {
      const status = t === 'resource' ? 200 : Number(rec.httpHeaders?.statusCode ?? 0);
      const type = (t === 'resource' ? rec.warcContentType : rec.httpHeaders?.headers.get('content-type')) ?? '';
      responses.set(uri, { status, type: String(type).split(';')[0].trim().toLowerCase() });
    }
  }
  return { total, byType, responses };
}

/** Element attributes whose target the page needs to render (images, media, CSS, JS, frames). */
const RESOURCE_ATTRS: Array<[selector: string, attr: string]> = [
  ['img[src]', 'src'],
  ['video[src]', 'src'],
  ['video[poster]', 'poster'],
  ['audio[src]', 'src'],
  ['source[src]', 'src'],
  ['link[rel~="stylesheet"][href]', 'href'],
  ['script[src]', 'src'],
  ['iframe[src]', 'src'],
];

export interface ResourceRef {
  selector: string;
  attr: string;
  value: string;
}

/** Every resource reference in an HTML document, in document order per selector. */
export function resourceRefs(html: string): ResourceRef[] {
  const $ = load(html);
  const out: ResourceRef[] = [];
  for (const [selector, attr] of RESOURCE_ATTRS) {
    $(selector).each((_i, el) => {
      const value = $(el).attr(attr);
      if (value) out.push({ selector, attr, value: value.trim() });
    });
  }
  return out;
}

/** Absolute URLs of the resources an HTML page (as served) needs, deduplicated. */
export function requiredResources(html: string, pageUrl: string): string[] {
  const urls = new Set<string>();
  for (const r of resourceRefs(html)) {
    if (r.value.startsWith('data:')) continue;
    try {
      urls.add(new URL(r.value, pageUrl).href);
    } catch {
      // A malformed URL in the page cannot be loaded by anyone either; not required.
    }
  }
  return [...urls];
}

const isMediaType = (t: string): boolean => /^(image|video|audio)\//.test(t);

export interface Coverage {
  have: number;
  need: number;
  missing: string[];
}

/** Which of `required` a WARC holds as a usable (2xx) response: what a replay tool needs. */
export function warcCoverage(w: WarcSummary, required: string[]): Coverage {
  const missing = required.filter((u) => {
    const r = w.responses.get(u);
    return !r || r.status < 200 || r.status >= 300;
  });
  return { have: required.length - missing.length, need: required.length, missing };
}

/** Distinct media (image/video/audio) bodies with a 2xx response in a WARC, minus `exclude` URIs. */
export function warcMediaCount(w: WarcSummary, exclude: (uri: string) => boolean = () => false): number {
  let n = 0;
  for (const [uri, r] of w.responses) if (!exclude(uri) && r.status >= 200 && r.status < 300 && isMediaType(r.type)) n++;
  return n;
}

export interface InlineSummary {
  /** References replaced by data: URIs. */
  inlined: number;
  /** Image/video/audio references inlined (one per element attribute, like one file each). */
  media: number;
  /** References still pointing at the network (http/https/relative): not available offline. */
  live: string[];
}

/** How self-contained a single saved HTML file is (SingleFile output, or a bare page.content()). */
export function inlineSummary(html: string): InlineSummary {
  const live: string[] = [];
  let inlined = 0;
  let media = 0;
  for (const r of resourceRefs(html)) {
    if (r.value.startsWith('data:')) {
      inlined++;
      if (/^data:(image|video|audio)\//i.test(r.value)) media++;
    } else {
      live.push(r.value);
    }
  }
  return { inlined, media, live };
}
