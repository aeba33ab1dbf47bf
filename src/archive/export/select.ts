// Which bucket records a package holds. The catalog owner wires a resolver for targets and
// searches; the default one handles explicit capture/observation/event ids from the bucket alone.
import { VigilError } from '../../errors.js';
import { datedKey } from '../../ids.js';
import type { ObjectStore } from '../types.js';

export interface SearchFilterSelection {
  target?: string;
  platform?: string;
  tag?: string;
  deleted?: boolean;
}

export interface Selection {
  captureIds?: string[];
  observationIds?: string[];
  eventIds?: string[];
  /** Posts as archived (catalog resolvers only): every version, scoped to the post, and its captures. */
  posts?: { target: string; id: string }[];
  targetIds?: string[];
  /** Free-text search (catalog resolvers only); from/to then bound the posts' published time. */
  query?: string;
  /** Filters of the search, as GET /api/search takes them. */
  searchFilters?: SearchFilterSelection;
  from?: string;
  to?: string;
}

/** Bucket keys of the records to export. */
export interface ResolvedSelection {
  captures: string[];
  observations: string[];
  events: string[];
  /**
   * Observation key -> the only posts of it the package carries (a post's or event's package:
   * the other posts of the same poll stay in the bucket, reachable through the ledger proof of the
   * observation). Observations not named here travel with every post.
   */
  scope?: Record<string, string[]>;
}

export type SelectionResolver = (sel: Selection) => Promise<ResolvedSelection>;

/** Resolves ids through deterministic keys; events are found by listing their day (status suffix). */
export const idResolver =
  (store: ObjectStore): SelectionResolver =>
  async (sel) => {
    if (sel.targetIds?.length || sel.query || sel.posts?.length) {
      throw new VigilError('VGL_BAD_REQUEST', 'export: selecting by target, post or search needs the catalog resolver; pass captureIds/eventIds, or wire deps.resolve');
    }
    const events: string[] = [];
    for (const id of sel.eventIds ?? []) {
      const prefix = datedKey('events', id, '.');
      const found: string[] = [];
      for await (const k of store.list(prefix)) found.push(k);
      if (!found.length) throw new VigilError('VGL_NOT_FOUND', `export: event ${id} is not in the bucket`);
      events.push(...found.sort());
    }
    return {
      captures: (sel.captureIds ?? []).map((id) => datedKey('captures', id)),
      observations: (sel.observationIds ?? []).map((id) => datedKey('observations', id)),
      events,
    };
  };
