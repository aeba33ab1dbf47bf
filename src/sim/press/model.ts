// The simulated press office's world: statements with every version kept, videos, faults,
// and the ground truth of what changed when. Pure state; the clock is injected.

export type PressLang = 'ru' | 'en';

export interface PressVersion {
  title: string;
  text: string;
  at: string;
}

export interface PressItem {
  slug: string;
  lang: PressLang;
  publishedAt: string;
  /** Every version, oldest first; the last one is what the site serves. */
  versions: PressVersion[];
  removed?: { at: string; status: 404 | 410 };
}

export interface PressVideo {
  id: string;
  title: string;
  description: string;
  views: number;
  publishedAt: string;
  removed?: { at: string };
}

export interface PressTruth {
  type: 'post_edited' | 'post_deleted';
  /** Slug of the statement, or the video id. */
  item: string;
  at: string;
  /** post_edited: the text before and after. */
  before?: string;
  after?: string;
}

export interface PressFault {
  status: 429 | 503;
  /** How many matching requests fail (default 1). */
  remaining: number;
  /** Only paths starting with this fail (default: every route). */
  path?: string;
  retryAfter?: number;
}

export interface PublishInput {
  slug?: string;
  title: string;
  text: string;
  lang?: PressLang;
  at?: string;
}

export class PressModel {
  readonly items = new Map<string, PressItem>();
  readonly videos = new Map<string, PressVideo>();
  readonly truth: PressTruth[] = [];
  faults: PressFault[] = [];
  /** Bumped on every change: renderers cache by it. */
  version = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private stamp(at?: string): string {
    return at ?? this.now().toISOString();
  }

  publish(p: PublishInput): PressItem {
    const slug = p.slug ?? `${this.items.size + 1}-${slugify(p.title)}`;
    if (this.items.has(slug)) throw new Error(`press sim: item "${slug}" already exists`);
    const at = this.stamp(p.at);
    const item: PressItem = { slug, lang: p.lang ?? 'ru', publishedAt: at, versions: [{ title: p.title, text: p.text, at }] };
    this.items.set(slug, item);
    this.version++;
    return item;
  }

  edit(slug: string, change: { text?: string; title?: string; at?: string }): PressItem {
    const item = this.live(slug);
    const cur = current(item);
    const at = this.stamp(change.at);
    const next: PressVersion = { title: change.title ?? cur.title, text: change.text ?? cur.text, at };
    item.versions.push(next);
    this.truth.push({ type: 'post_edited', item: slug, at, before: cur.text, after: next.text });
    this.version++;
    return item;
  }

  remove(slug: string, opts: { status?: 404 | 410; at?: string } = {}): PressItem {
    const item = this.live(slug);
    const at = this.stamp(opts.at);
    item.removed = { at, status: opts.status ?? 404 };
    this.truth.push({ type: 'post_deleted', item: slug, at });
    this.version++;
    return item;
  }

  publishVideo(v: { id: string; title: string; description?: string; views?: number; at?: string }): PressVideo {
    const video: PressVideo = { id: v.id, title: v.title, description: v.description ?? '', views: v.views ?? 0, publishedAt: this.stamp(v.at) };
    this.videos.set(v.id, video);
    this.version++;
    return video;
  }

  removeVideo(id: string, at?: string): void {
    const v = this.videos.get(id);
    if (!v || v.removed) throw new Error(`press sim: no live video "${id}"`);
    v.removed = { at: this.stamp(at) };
    this.truth.push({ type: 'post_deleted', item: id, at: v.removed.at });
    this.version++;
  }

  addFault(f: { status: 429 | 503; count?: number; path?: string; retryAfter?: number }): void {
    const fault: PressFault = { status: f.status, remaining: f.count ?? 1 };
    if (f.path !== undefined) fault.path = f.path;
    if (f.retryAfter !== undefined) fault.retryAfter = f.retryAfter;
    this.faults.push(fault);
  }

  /** Consume the first fault that applies to `path`, if any. */
  takeFault(path: string): PressFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.path === undefined || path.startsWith(x.path)));
    if (f) f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  /** Live statements, newest first. */
  liveItems(): PressItem[] {
    return [...this.items.values()].filter((i) => !i.removed).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.slug.localeCompare(a.slug));
  }

  liveVideos(): PressVideo[] {
    return [...this.videos.values()].filter((v) => !v.removed).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  }

  private live(slug: string): PressItem {
    const item = this.items.get(slug);
    if (!item || item.removed) throw new Error(`press sim: no live item "${slug}"`);
    return item;
  }
}

export const current = (i: PressItem): PressVersion => i.versions[i.versions.length - 1];

const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sch', ы: 'y', э: 'e', ю: 'yu', я: 'ya' };

export function slugify(title: string): string {
  const s = [...title.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
  return s.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'item';
}
