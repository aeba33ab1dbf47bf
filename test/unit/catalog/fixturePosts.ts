// Test helper: PostRecords taken from a real captured Telegram page
// (test/fixtures/telegram/any2feed/full.html, from Apkawa/rust-any2feed, MIT — see PROVENANCE.md there).
// Deliberately minimal (id/key/order/url/text): the catalog tests need real text, not the full scraper.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import type { PostRecord } from '../../../src/scrapers/types.js';
import { sha256Hex } from '../../../src/ids.js';

export const FIXTURE = fileURLToPath(new URL('../../fixtures/telegram/any2feed/full.html', import.meta.url));

export function fixturePosts(file = FIXTURE): PostRecord[] {
  const $ = cheerio.load(readFileSync(file, 'utf8'));
  return $('[data-post]')
    .toArray()
    .map((el) => {
      const id = $(el).attr('data-post') ?? '';
      const key = id.split('/')[1] ?? '';
      const textEl = $(el).find('.tgme_widget_message_text').first();
      return {
        id,
        key,
        order: key,
        url: `https://t.me/${id}`,
        text: textEl.text().trim(),
        html: textEl.html() ?? '',
        edited: false,
        links: [],
        media: [],
      } satisfies PostRecord;
    })
    .filter((p) => p.text.length > 0 && /^[1-9]\d*$/.test(p.key));
}

/** The blob hash the archive would give this PostRecord. */
export const postSha = (p: PostRecord): string => sha256Hex(JSON.stringify(p));
