// Test world for search: four targets (three Telegram channels in Russian, Kazakh and English,
// one ministry feed), posts with published times, 25 more posts for paging, and one post
// confirmed deleted, written through the catalog's own apply functions.
import type { EventRecord, ObservationRecord } from '../../src/archive/types.js';
import type { Catalog } from '../../src/catalog/types.js';
import { sha256Hex } from '../../src/ids.js';
import type { PostRecord } from '../../src/scrapers/types.js';

export interface Seed {
  target: string;
  n: number;
  text: string;
  at: string; // published
}

export const SEEDS: Seed[] = [
  { target: 'ru_media', n: 1, text: 'Расследование о пытках в колонии опубликовано сегодня.', at: '2024-11-01T10:00:00.000Z' },
  { target: 'ru_media', n: 2, text: 'Журналисты продолжают расследования; полиция отказалась комментировать.', at: '2024-11-02T10:00:00.000Z' },
  { target: 'ru_media', n: 3, text: 'Суд приговорил активиста к 5 годам колонии.', at: '2024-11-03T10:00:00.000Z' },
  { target: 'kz_news', n: 1, text: 'Алматыда белсенді ұсталды. Қазақстанда сот үкім шығарды.', at: '2024-11-01T12:00:00.000Z' },
  { target: 'kz_news', n: 2, text: 'Қазақстанның құқық қорғаушылары мәлімдеме жасады.', at: '2024-11-04T12:00:00.000Z' },
  { target: 'kz_news', n: 3, text: 'Журналистің үйінде тінту жүргізілді. Полиция түсініктеме бермеді.', at: '2024-11-05T12:00:00.000Z' },
  { target: 'en_monitor', n: 1, text: 'Police detained three journalists after the rally; detentions continue.', at: '2024-11-02T08:00:00.000Z' },
  { target: 'en_monitor', n: 2, text: 'Our investigation into the raids is published. <script>alert(1)</script> \uE000forged\uE001', at: '2024-11-06T08:00:00.000Z' },
  { target: 'press', n: 1, text: 'Заявление министерства о расследовании событий в Жанаозене.', at: '2024-10-30T09:00:00.000Z' },
];

export const TARGETS = [
  { id: 'ru_media', platform: 'telegram', tags: ['media', 'ru'] },
  { id: 'kz_news', platform: 'telegram', tags: ['media', 'kz'] },
  { id: 'en_monitor', platform: 'telegram', tags: ['ngo'] },
  { id: 'press', platform: 'rss', tags: ['official'] },
];

const postOf = (s: Seed): PostRecord => ({
  id: `${s.target}/${s.n}`, key: String(s.n), order: String(s.n), url: `https://t.me/${s.target}/${s.n}`, publishedAt: s.at, text: s.text, html: '', edited: false, links: [], media: [],
});

async function observe(cat: Catalog, target: string, posts: PostRecord[], at: string, id: string): Promise<void> {
  const rec: ObservationRecord = {
    v: 1, id, target, platform: 'telegram', url: `https://t.me/s/${target}`, observedAt: at, state: 'ok', captures: [],
    posts: posts.map((p) => ({ id: p.id, key: p.key, order: p.order, sha256: sha256Hex(JSON.stringify(p)) })), contentDigest: sha256Hex(id),
  };
  await cat.applyObservation(rec, posts.map((p) => ({ record: p, sha256: sha256Hex(JSON.stringify(p)) })));
}

export async function seedSearchWorld(cat: Catalog): Promise<void> {
  for (const t of TARGETS) {
    await cat.upsertTarget({ id: t.id, spec: `${t.platform}:${t.id}`, platform: t.platform, key: t.id, everyMs: 300000, tags: t.tags, createdAt: '2024-10-01T00:00:00.000Z' });
    const posts = SEEDS.filter((s) => s.target === t.id).map(postOf);
    await observe(cat, t.id, posts, '2024-11-07T00:00:00.000Z', `01J00000000000000000000${t.id.slice(0, 3).toUpperCase()}`);
  }
  // Bulk for paging: 25 posts that all say «задержание» in some form, one per hour.
  const bulk = Array.from({ length: 25 }, (_, i): PostRecord => ({
    ...postOf({ target: 'ru_media', n: 100 + i, text: `Новости ${i}: ${['задержание', 'задержания', 'задержании', 'задержанием', 'задержанию'][i % 5]} участника акции.`, at: new Date(Date.parse('2024-12-01T00:00:00Z') + i * 3_600_000).toISOString() }),
  }));
  await observe(cat, 'ru_media', bulk, '2024-12-02T00:00:00.000Z', '01J000000000000000000BULK1');
  const del: EventRecord = {
    v: 1, id: '01J0000000000000000000DEL1', type: 'post_deleted', status: 'confirmed', target: 'ru_media', postId: 'ru_media/2',
    detectedAt: '2024-11-08T00:00:00.000Z', confirmedAt: '2024-11-08T00:05:00.000Z', window: { firstChangedAt: '2024-11-08T00:00:00.000Z' },
    confidence: 0.95, rule: 'test', evidence: [],
  };
  await cat.applyEvent(del);
}
