// UI screens: targets (and their forms), a target, a post, events, an event, a capture.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { captureKey } from '../../archive/keys.js';
import { jsonBytes } from '../../archive/json.js';
import { citationFromManifest, citationsCslJson, citationsCsv, citationsMarkdown } from '../../archive/export/citations.js';
import { EVENT_STATUSES, EVENT_TYPES } from '../../detect/vocabulary.js';
import { VigilError, isVigilError } from '../../errors.js';
import { sha256Hex } from '../../ids.js';
import { toNumKey } from '../../catalog/post-num.js';
import type { ApiDeps } from '../deps.js';
import type { EventRow } from '../../catalog/types.js';
import { EventsCursor, IdCursor, PostsCursor, decodeCursor, encodeCursor, pageOf } from '../cursor.js';
import { mergeTargets } from '../shapes.js';
import { waczPath } from '../replay.js';
import { parseTargetsCsv } from '../ui/csv.js';
import { capturePage } from '../ui/pages-capture.js';
import { eventPage, eventsPage, filterEvents } from '../ui/pages-events.js';
import { postPage, targetPage } from '../ui/pages-target.js';
import { statusBadges, targetsPage, type TargetsNotice } from '../ui/pages-targets.js';
import { ChangeBody, changeTarget, findTarget } from './targets.js';
import { given, sendHtml, uiOf } from './ui-common.js';

const PAGE = 50;
const TARGETS_PAGE = 100;
/** Newest events read per target on the targets screen, for its badges. */
const TARGET_EVENTS = 100;
const EVENTS_PAGE = 100;
/** Most events one events page reads through while filtering by platform, tag or time. */
const EVENTS_SCAN = 5000;
const PageForm = z.object({ cursor: z.string().min(1).max(400).optional() });
const Id = z.string().min(1).max(64);
const splitTags = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(/[\s,|]+/).filter(Boolean));

/** Where the replay origin is, as this client reaches Vigil (same host name, the replay port). */
export type ReplayLocator = (req: FastifyRequest) => string | undefined;

const EventsForm = z
  .object({
    target: Id.optional(),
    type: z.enum(EVENT_TYPES).optional(),
    status: z.enum(EVENT_STATUSES).optional(),
    platform: z.string().max(32).optional(),
    tag: z.string().max(64).optional(),
    since: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'since: a date like 2024-11-01').optional(),
    until: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'until: a date like 2024-11-30').optional(),
  })
  .strict();

export const uiScreens = (deps: ApiDeps, replayBase: ReplayLocator): FastifyPluginAsync => async (app) => {
  const allTargets = async () => mergeTargets(...(await Promise.all([deps.targets.list(), deps.catalog.listTargets()])));
  /**
   * One page of targets by id (the `cursor` of GET /api/targets) with each one's newest events
   * for its badges: a page reads TARGET_EVENTS events per target shown, never every event.
   */
  const targetsOnPage = async (cursor: string | undefined) => {
    const after = cursor ? decodeCursor(cursor, IdCursor, 'targets').id : undefined;
    const all = (await allTargets()).filter((t) => after === undefined || t.id > after);
    const page = pageOf(all.slice(0, TARGETS_PAGE + 1), TARGETS_PAGE, (t) => ({ id: t.id }));
    const events = (await Promise.all(page.items.map((t) => deps.catalog.listEvents({ target: t.id, limit: TARGET_EVENTS })))).flat();
    return { ...page, events };
  };
  const targetsScreen = async (req: FastifyRequest, notice: TargetsNotice = {}) => {
    const { cursor } = PageForm.parse(given(req.query));
    const page = await targetsOnPage(cursor);
    return targetsPage(page.items, page.events, uiOf(req), notice, undefined, { cursor, next: page.next });
  };

  app.get('/', async (req, reply) => sendHtml(reply, await targetsScreen(req)));

  // The badges of the page the browser shows (it sends the page's own query, cursor included).
  app.get('/targets/status.json', async (req) => {
    const { cursor } = PageForm.parse(given(req.query));
    const { items, events } = await targetsOnPage(cursor);
    const ui = uiOf(req);
    return { targets: items.map((t) => ({ id: t.id, html: statusBadges(t, events.filter((e) => e.target === t.id), ui).s.replace(/^<span[^>]*>|<\/span>$/g, '') })) };
  });

  app.post('/targets/add', async (req, reply) => {
    const b = z.object({ spec: z.string().trim().min(3).max(2000), every: z.string().trim().optional(), tags: z.string().optional() }).parse(req.body ?? {});
    const def = await deps.targets.add({ spec: b.spec, ...(b.every ? { every: b.every } : {}), ...(splitTags(b.tags)?.length ? { tags: splitTags(b.tags) } : {}) });
    await deps.catalog.upsertTarget(def);
    req.log.info({ targetId: def.id, spec: def.spec }, 'target added (ui)');
    return reply.redirect('/');
  });

  app.post('/targets/import', async (req, reply) => {
    const { csv } = z.object({ csv: z.string().max(512 * 1024) }).parse(req.body ?? {});
    const parsed = parseTargetsCsv(csv);
    const errors = [...parsed.errors];
    let added = 0;
    for (const row of parsed.rows) {
      try {
        await deps.catalog.upsertTarget(await deps.targets.add(row));
        added++;
      } catch (e) {
        if (!isVigilError(e)) throw e;
        errors.push(`${row.spec}: ${e.message}`);
      }
    }
    req.log.info({ added, skipped: errors.length }, 'targets imported (ui)');
    return sendHtml(reply, await targetsScreen(req, { added, errors }));
  });

  app.post('/targets/:id/:action', async (req, reply) => {
    const { id, action } = z.object({ id: Id, action: z.enum(['pause', 'resume', 'every', 'tags']) }).parse(req.params);
    const body = (req.body ?? {}) as Record<string, string>;
    const change = ChangeBody.parse(
      action === 'pause' ? { paused: true } : action === 'resume' ? { paused: false } : action === 'every' ? { every: body.every?.trim() } : { tags: splitTags(body.tags ?? '') },
    );
    await changeTarget(deps, id, change);
    return reply.redirect('/');
  });

  // A target's timeline, PAGE posts at a time, following the posts list's `next` cursor (as
  // GET /api/targets/<id>/posts answers it); `before=<num>` (older links) still works.
  app.get('/t/:id', async (req, reply) => {
    const { id } = z.object({ id: Id }).parse(req.params);
    const q = z
      .object({ before: z.string().refine((v) => toNumKey(v) !== undefined, 'before: a post number').optional(), cursor: z.string().min(1).max(400).optional() })
      .strict()
      .parse(given(req.query));
    const beforeNum = q.cursor ? decodeCursor(q.cursor, PostsCursor, 'posts').n : q.before;
    const t = await findTarget(deps, id);
    const def = (await deps.targets.list()).find((d) => d.id === id);
    const [posts, events] = await Promise.all([deps.catalog.listPosts(id, { limit: PAGE + 1, beforeNum }), deps.catalog.listEvents({ target: id })]);
    const page = pageOf(posts, PAGE, (p) => ({ n: p.numKey }));
    return sendHtml(reply, targetPage({ ...t, ...(def ?? {}) }, { posts: page.items, next: page.next ?? undefined, cursor: q.cursor ?? (q.before ? encodeCursor({ n: q.before }) : undefined) }, events, uiOf(req)));
  });

  app.get('/post', async (req, reply) => {
    const q = z.object({ target: Id, id: z.string().min(1).max(300) }).parse(given(req.query));
    const p = await deps.catalog.getPost(q.target, q.id);
    if (!p) throw new VigilError('VGL_NOT_FOUND', `no post ${JSON.stringify(q.id)} in target ${JSON.stringify(q.target)}`);
    return sendHtml(reply, postPage(p, await deps.catalog.listEvents({ target: q.target }), uiOf(req)));
  });

  // Events, EVENTS_PAGE at a time after the `cursor` (the events list's keyset): the catalog
  // filters target, type and status; platform, tag and time are applied to the rows read, page by
  // page, so a page holds up to EVENTS_PAGE matches and `next` goes on after the last row used.
  app.get('/events', async (req, reply) => {
    const { cursor, ...f } = EventsForm.extend({ cursor: z.string().min(1).max(400).optional() }).parse(given(req.query));
    const targets = await allTargets();
    const after = cursor ? decodeCursor(cursor, EventsCursor, 'events') : undefined;
    const since = f.since ? Date.parse(f.since) : undefined;
    const shown: EventRow[] = [];
    let before = after ? { detectedAt: after.t, id: after.i } : undefined;
    let more = false;
    for (let scanned = 0; ; ) {
      const rows = await deps.catalog.listEvents({ target: f.target, type: f.type, status: f.status, limit: 500, ...(before ? { before } : {}) });
      let stop = rows.length < 500;
      for (const e of rows) {
        scanned++;
        // Newest first: past `since` nothing older can match.
        if (since !== undefined && Date.parse(e.detectedAt) < since) {
          stop = true;
          break;
        }
        if (shown.length === EVENTS_PAGE || scanned > EVENTS_SCAN) {
          more = true;
          stop = true;
          break;
        }
        before = { detectedAt: new Date(e.detectedAt).toISOString(), id: e.id };
        shown.push(...filterEvents([e], targets, f));
      }
      if (stop) break;
    }
    const next = more && before ? encodeCursor({ t: before.detectedAt, i: before.id }) : null;
    return sendHtml(reply, eventsPage(shown, { ...f, cursor }, uiOf(req), [...new Set(targets.map((t) => t.platform))].sort(), next));
  });

  app.get('/e/:id', async (req, reply) => {
    const { id } = z.object({ id: Id }).parse(req.params);
    const e = await deps.catalog.getEvent(id);
    if (!e) throw new VigilError('VGL_NOT_FOUND', `no event with id ${JSON.stringify(id)}`);
    const post = e.postId ? await deps.catalog.getPost(e.target, e.postId) : null;
    const evidence = await Promise.all(e.evidence.map(async (x) => ({ id: x, capture: /^[0-9A-Za-z]{10,40}$/.test(x) && (await deps.catalog.getCapture(x)) !== null })));
    return sendHtml(reply, eventPage(e, post, evidence, uiOf(req)));
  });

  app.get('/c/:id', async (req, reply) => {
    const { id } = z.object({ id: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'a capture id (ULID)') }).parse(req.params);
    const stored = deps.archive.getRecordBytes ? await deps.archive.getRecordBytes(captureKey(id)) : null;
    const m = (stored ? await deps.archive.getCapture(id) : null) ?? (await deps.catalog.getCapture(id));
    if (!m) throw new VigilError('VGL_NOT_FOUND', `no archived capture with id ${id}`);
    const sha256 = sha256Hex(stored ?? jsonBytes(m));
    const c = citationFromManifest(m, sha256, `${req.protocol}://${req.headers.host ?? '127.0.0.1'}/api/captures/${id}`);
    const textArt = m.artifacts.find((a) => a.name === 'text.txt');
    const text = textArt ? (await deps.archive.getBlob(textArt.sha256))?.toString('utf8') : undefined;
    const seq = deps.ledgerPositions ? (await deps.ledgerPositions([captureKey(id)])).get(captureKey(id)) : undefined;
    const base = replayBase(req);
    const view = {
      manifest: m, sha256, text, ledgerSeq: seq,
      citations: { md: citationsMarkdown([c]).replace(/^# Citations\n\n/, ''), csv: citationsCsv([c]), csl: JSON.stringify(citationsCslJson([c]), null, 2) },
      ...(base ? { replayBase: `${base}/replay/`, replaySource: `${base}${waczPath(id)}` } : {}),
    };
    return sendHtml(reply, capturePage(view, uiOf(req)), base ? { frameSrc: base } : {});
  });
};
