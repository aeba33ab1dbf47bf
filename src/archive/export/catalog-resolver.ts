// Selection resolver backed by the catalog: a target becomes its posts' captures and
// observations (with the page captures each observation was parsed from) and its events; a
// search becomes the matching posts' captures (the posts GET /api/search lists for the same query
// and filters, since/until bounding their published time); for targets, since/until keep what
// happened in that window.
// The catalog only finds ids; keys and bytes always come from the bucket.
import { VigilError } from '../../errors.js';
import { idTime } from '../../ids.js';
import type { Catalog, PostRow } from '../../catalog/types.js';
import { ObservationRecord, type ObjectStore } from '../types.js';
import { captureKey, observationKey } from '../keys.js';
import { idResolver, type Selection, type SelectionResolver } from './select.js';

/** The catalog reads the resolver needs. */
export type ExportCatalog = Pick<Catalog, 'getTarget' | 'listPosts' | 'search' | 'listEvents' | 'getCapture'> & Partial<Pick<Catalog, 'getEvent' | 'getPost'>>;

export interface CatalogResolverDeps {
  store: ObjectStore;
  catalog: ExportCatalog;
  /** Upper bound on posts walked per target or search (a package is built in memory). */
  maxPosts?: number;
}

export interface TimeWindow {
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/** since/until as epoch ms, inclusive; a date-only `until` covers that whole day (UTC). Pure. */
export function timeWindow(since?: string, until?: string): TimeWindow {
  const parse = (s: string, name: string): number => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new VigilError('VGL_BAD_REQUEST', `export: ${name} "${s}" is not an ISO date/time (e.g. 2024-11-12 or 2024-11-12T10:00:00Z)`);
    return t;
  };
  const from = since ? parse(since, 'since') : -Infinity;
  const to = until ? parse(until, 'until') + (DATE_ONLY.test(until) ? DAY_MS - 1 : 0) : Infinity;
  if (from > to) throw new VigilError('VGL_BAD_REQUEST', `export: since (${since}) is after until (${until})`);
  return { from, to };
}

export const inWindow = (w: TimeWindow, iso: string | number | undefined): boolean => {
  if (iso === undefined) return true;
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  return Number.isNaN(t) || (t >= w.from && t <= w.to);
};

const ulidTime = (id: string): number | undefined => {
  try {
    return idTime(id);
  } catch {
    return undefined;
  }
};

/** Ids a set of posts brings in: every capture of each post, and the observations that saw it. */
export function postEvidence(posts: readonly PostRow[], w: TimeWindow, captureTime: (id: string) => number | undefined): { captures: string[]; observations: string[]; uncaptured: PostRow[] } {
  const captures = new Set<string>();
  const observations = new Set<string>();
  const uncaptured: PostRow[] = [];
  for (const p of posts) {
    const caps = [...new Set(p.artifacts.map((a) => a.captureId))].filter((id) => inWindow(w, captureTime(id)));
    for (const id of caps) captures.add(id);
    for (const v of p.versions) if (inWindow(w, v.observedAt)) observations.add(v.observationId);
    if (!caps.length) uncaptured.push(p);
  }
  return { captures: [...captures], observations: [...observations], uncaptured };
}

export function catalogResolver(deps: CatalogResolverDeps): SelectionResolver {
  const { store, catalog } = deps;
  const maxPosts = deps.maxPosts ?? 20_000;

  const targetPosts = async (target: string): Promise<PostRow[]> => {
    const out: PostRow[] = [];
    let beforeNum: string | undefined; // exact: nums can exceed 2^53
    while (out.length < maxPosts) {
      const page = await catalog.listPosts(target, { limit: 1000, beforeNum, includeDeleted: true });
      out.push(...page);
      if (page.length < 1000) break;
      beforeNum = page[page.length - 1].numKey;
    }
    return out.slice(0, maxPosts);
  };

  const captureTimes = async (posts: readonly PostRow[]): Promise<Map<string, number | undefined>> => {
    const times = new Map<string, number | undefined>();
    for (const id of new Set(posts.flatMap((p) => p.artifacts.map((a) => a.captureId)))) {
      const m = await catalog.getCapture(id);
      times.set(id, m ? Date.parse(m.finishedAt) : ulidTime(id));
    }
    return times;
  };

  /** Every post the search lists, page by page; more than maxPosts is refused, never cut silently. */
  const searchPosts = async (sel: Selection): Promise<PostRow[]> => {
    const out: PostRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.search({ q: sel.query!, ...sel.searchFilters, since: sel.from, until: sel.to, limit: 500, cursor, posts: true });
      out.push(...(page.posts ?? []));
      if (out.length > maxPosts) {
        throw new VigilError('VGL_BAD_REQUEST', `export: the search matches more than ${maxPosts} posts; narrow it (since/until, target, platform, tag) or export in parts`);
      }
      cursor = page.next ?? undefined;
    } while (cursor);
    return out;
  };

  /** The page captures an observation was parsed from, when they are in the bucket. */
  const observationCaptures = async (ids: Iterable<string>): Promise<string[]> => {
    const out: string[] = [];
    for (const id of ids) {
      const raw = await store.get(observationKey(id));
      if (!raw) continue; // buildPackage reports the missing observation itself
      const r = ObservationRecord.safeParse(JSON.parse(raw.toString('utf8')));
      if (r.success) out.push(...r.data.captures);
    }
    return out;
  };

  return async (sel: Selection) => {
    const w = timeWindow(sel.from, sel.to);
    const captures = new Set(sel.captureIds ?? []);
    const observations = new Set(sel.observationIds ?? []);
    const events = new Set(sel.eventIds ?? []);
    // Observation id -> the only posts of it to carry (a search's or an event's posts: the other
    // posts of those polls are not what was asked for; they stay provable through the ledger).
    const scopedById = new Map<string, Set<string>>();
    const scope = (observationId: string, postId: string) => scopedById.set(observationId, (scopedById.get(observationId) ?? new Set<string>()).add(postId));

    for (const target of sel.targetIds ?? []) {
      if (!(await catalog.getTarget(target))) throw new VigilError('VGL_TARGET_NOT_FOUND', `export: no target ${JSON.stringify(target)} in the catalog`);
      const posts = await targetPosts(target);
      const times = await captureTimes(posts);
      const ev = postEvidence(posts, w, (id) => times.get(id));
      ev.captures.forEach((id) => captures.add(id));
      ev.observations.forEach((id) => observations.add(id));
      for (const e of await catalog.listEvents({ target, limit: 5000 })) if (inWindow(w, e.detectedAt)) events.add(e.id);
    }

    if (sel.query) {
      const posts = await searchPosts(sel);
      // since/until chose the posts; each post then comes with all of its evidence.
      const all = timeWindow();
      const times = await captureTimes(posts);
      const ev = postEvidence(posts, all, (id) => times.get(id));
      ev.captures.forEach((id) => captures.add(id));
      // A matching post never captured by the browser is still proven by the observation that saw it.
      const byId = new Set(ev.uncaptured.map((p) => `${p.targetId}\u0000${p.id}`));
      for (const p of posts) {
        if (!byId.has(`${p.targetId}\u0000${p.id}`)) continue;
        const v = [...p.versions].reverse().find((x) => inWindow(all, x.observedAt));
        if (v) scope(v.observationId, p.id);
      }
    }

    // An event about a post brings that post as archived: every version (each observation that
    // listed it, scoped to this one post) and every capture of it (browser snapshots, media).
    const addPost = (post: PostRow) => {
      for (const v of post.versions) scope(v.observationId, post.id);
      for (const a of post.artifacts) captures.add(a.captureId);
    };
    for (const id of sel.eventIds ?? []) {
      const ev = catalog.getEvent ? await catalog.getEvent(id) : null;
      if (!ev?.postId || !catalog.getPost) continue;
      const post = await catalog.getPost(ev.target, ev.postId);
      if (post) addPost(post);
    }
    // A chosen post: the same, without an event.
    for (const ref of sel.posts ?? []) {
      const post = catalog.getPost ? await catalog.getPost(ref.target, ref.id) : null;
      if (!post) throw new VigilError('VGL_NOT_FOUND', `export: no archived post ${JSON.stringify(ref.id)} in target ${JSON.stringify(ref.target)}`);
      addPost(post);
    }
    // An observation selected whole (a target's) stays whole.
    const scopedIds = [...scopedById.keys()].filter((id) => !observations.has(id));
    const scoped = new Map(scopedIds.map((id) => [observationKey(id), scopedById.get(id)!]));

    // Observations travel with the raw pages they were parsed from.
    if (sel.targetIds?.length || sel.query || scopedIds.length) {
      for (const id of await observationCaptures([...observations, ...scopedIds])) {
        if (!captures.has(id) && (await store.head(captureKey(id)))) captures.add(id);
      }
    }
    const base = await idResolver(store)({ captureIds: [...captures].sort(), observationIds: [...new Set([...observations, ...scopedIds])].sort(), eventIds: [...events].sort() });
    return scoped.size ? { ...base, scope: Object.fromEntries([...scoped].map(([k, v]) => [k, [...v].sort()])) } : base;
  };
}
