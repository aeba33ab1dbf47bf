import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractMeta, extractText, extractMediaLinks, extractAll } from '../../../src/capture/extract.js';

// Real captured pages, shared with the scraper tests (see test/fixtures/telegram/PROVENANCE.md).
const fx = (n: string): string => readFileSync(new URL(`../../fixtures/telegram/${n}`, import.meta.url), 'utf8');

describe('extract on real Telegram pages', () => {
  it('reads title and OpenGraph from the @durov landing page', () => {
    const m = extractMeta(fx('telegram-research/C01-landing-durov.html'), 'https://t.me/durov');
    expect(m.title).toBe('Telegram: View @durov');
    expect(m.openGraph.title).toBe('Pavel Durov');
    expect(m.openGraph.description).toBe('Founder of Telegram.');
    expect(m.openGraph.image).toMatch(/^https:\/\/cdn4\.telesco\.pe\/file\//);
  });
  it('lists the og:image as linked media and the text without scripts', () => {
    const html = fx('telegram-research/C01-landing-durov.html');
    const media = extractMediaLinks(html, 'https://t.me/durov');
    expect(media.some((x) => x.kind === 'image' && x.url.startsWith('https://cdn4.telesco.pe/'))).toBe(true);
    const text = extractText(html);
    expect(text).toContain('Pavel Durov');
    expect(text).not.toMatch(/function\s*\(|var\s+\w+\s*=/);
  });
  it('finds the video of a Telegram video message', () => {
    const media = extractMediaLinks(fx('any2feed/media_video.html'), 'https://t.me/s/bolshiepushki');
    const v = media.filter((x) => x.kind === 'video');
    expect(v).toHaveLength(1);
    expect(v[0].url).toMatch(/^https:\/\/cdn4\.telegram-cdn\.org\/file\/6a6c95d988\.mp4\?token=/);
  });
  it('resolves relative URLs against the final URL and drops non-http schemes', () => {
    const html = '<html><head><link rel="canonical" href="/a"><title> T  x </title></head><body><img src="i.png"><img src="data:image/png;base64,AA"><audio src="javascript:1"></audio></body></html>';
    expect(extractMeta(html, 'https://x.example/p/q').canonicalUrl).toBe('https://x.example/a');
    expect(extractMeta(html, 'https://x.example/p/q').title).toBe('T x');
    expect(extractMediaLinks(html, 'https://x.example/p/q')).toEqual([{ url: 'https://x.example/p/i.png', kind: 'image' }]);
  });
  it('extractAll gives what the three give, from one parse', () => {
    const html = fx('telegram-research/C01-landing-durov.html');
    expect(extractAll(html, 'https://t.me/durov')).toEqual({ meta: extractMeta(html, 'https://t.me/durov'), text: extractText(html), links: extractMediaLinks(html, 'https://t.me/durov') });
  });
});
