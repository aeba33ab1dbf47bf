// The case dossier: /dossier (choose and review), /dossier/print (the printable HTML),
// /dossier.pdf (the same HTML printed by Chromium) and /dossier.zip (one evidence package of
// every chosen item, from the exporter). Items are read from the catalog and the bucket; hashes
// are of the stored bytes, ledger positions come from the ledger index. Making any of them (with
// something chosen) writes a `dossier` entry to the audit log, as exports do.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { captureKey, eventKey } from '../../archive/keys.js';
import { jsonBytes } from '../../archive/json.js';
import { citationFromManifest, citationsMarkdown } from '../../archive/export/citations.js';
import type { CaptureManifest } from '../../archive/types.js';
import { firstWords } from '../../archive/export/citations.js';
import type { PostRow } from '../../catalog/types.js';
import { VigilError } from '../../errors.js';
import { sha256Hex } from '../../ids.js';
import { recordAudit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { dossierPage, type DossierItem, type DossierSelection } from '../ui/pages-dossier.js';
import { sendHtml, uiOf } from './ui-common.js';

const MAX_ITEMS = 200;
/** Search results a dossier takes (the first page of its search). */
const SEARCH_POSTS = 50;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
const Id = z.string().regex(/^[0-9A-Za-z_.-]{1,64}$/, 'an id (letters, digits, . _ -)');

export function parseSelection(query: unknown): DossierSelection {
  const q = (query ?? {}) as Record<string, unknown>;
  const sel = {
    event: [...new Set(list(q.event))].map((v) => Id.parse(v)),
    capture: [...new Set(list(q.capture))].map((v) => Id.parse(v)),
    post: [...new Set(list(q.post))].map((v) => z.string().regex(/^[^|]{1,64}\|.{1,300}$/, 'post: target|postId').parse(v)),
    q: typeof q.q === 'string' && q.q.trim() ? q.q.trim().slice(0, 500) : undefined,
  };
  if (sel.event.length + sel.capture.length + sel.post.length > MAX_ITEMS) throw new VigilError('VGL_BAD_REQUEST', `a dossier holds at most ${MAX_ITEMS} chosen items; make several`);
  return sel;
}

export const uiDossier = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const link = (req: FastifyRequest, id: string) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}/api/captures/${id}`;

  async function captureItem(req: FastifyRequest, id: string, inline: boolean): Promise<DossierItem | null> {
    const stored = deps.archive.getRecordBytes ? await deps.archive.getRecordBytes(captureKey(id)) : null;
    const m: CaptureManifest | null = (stored ? await deps.archive.getCapture(id) : null) ?? (await deps.catalog.getCapture(id));
    if (!m) return null;
    const sha256 = sha256Hex(stored ?? jsonBytes(m));
    const shot = m.artifacts.find((a) => a.name === 'screenshot.png');
    const textArt = m.artifacts.find((a) => a.name === 'text.txt');
    const text = textArt ? (await deps.archive.getBlob(textArt.sha256))?.toString('utf8') : undefined;
    const shotBytes = inline && shot ? await deps.archive.getBlob(shot.sha256) : null;
    return {
      kind: 'capture', id, target: m.target, title: m.url, at: m.finishedAt, status: m.status, url: m.url, text: text?.slice(0, 5000),
      screenshot: shot ? (inline ? (shotBytes ? `data:image/png;base64,${shotBytes.toString('base64')}` : undefined) : `/api/blobs/${shot.sha256}`) : undefined,
      hashes: [{ label: 'manifest', sha256 }, ...m.artifacts.filter((a) => a.name !== 'screenshot-mobile.png').map((a) => ({ label: a.name, sha256: a.sha256 }))],
      ledger: [{ key: captureKey(id) }],
      citation: citationsMarkdown([citationFromManifest(m, sha256, link(req, id))]).replace(/^# Citations\n\n/, '').trim(),
    };
  }

  const postItem = (p: PostRow): DossierItem => ({
    kind: 'post', id: p.id, target: p.targetId, title: `${p.id} ${firstWords(p.text, 8)}`, at: p.publishedAt ?? p.firstSeenAt,
    status: p.deleted ? 'deleted' : p.edited ? 'edited' : undefined, url: p.url, text: p.versions.map((v) => v.text).filter((v, i, a) => a.indexOf(v) === i).join('\n\n— — —\n\n') || p.text,
    hashes: p.versions.map((v, i) => ({ label: `version ${i + 1} (${v.observedAt})`, sha256: v.sha256 })), ledger: [],
  });

  /** The search's posts a dossier shows (its first page), in the dossier and in its package. */
  const searchPosts = async (sel: DossierSelection): Promise<PostRow[]> =>
    sel.q ? ((await deps.catalog.search({ q: sel.q, limit: SEARCH_POSTS, posts: true })).posts ?? []) : [];

  /** A post's own captures (its page as archived: screenshot, WACZ), newest few. */
  const postCaptures = (p: PostRow): string[] => [...new Set(p.artifacts.map((a) => a.captureId))].slice(-5);

  async function collect(req: FastifyRequest, sel: DossierSelection, inline: boolean): Promise<DossierItem[]> {
    const items: DossierItem[] = [];
    const seenCaptures = new Set<string>();
    const addCapture = async (id: string) => {
      if (seenCaptures.has(id)) return;
      seenCaptures.add(id);
      const c = await captureItem(req, id, inline);
      if (c) items.push(c);
    };
    for (const id of sel.event) {
      const e = await deps.catalog.getEvent(id);
      if (!e) throw new VigilError('VGL_NOT_FOUND', `no event with id ${JSON.stringify(id)}`);
      const post = e.postId ? await deps.catalog.getPost(e.target, e.postId) : null;
      const key = eventKey(e.id, e.status);
      const bytes = deps.archive.getRecordBytes ? await deps.archive.getRecordBytes(key) : null;
      items.push({
        kind: 'event', id: e.id, target: e.target, title: `${e.type}${e.postId ? ` ${e.postId}` : ''}`, at: e.detectedAt, status: e.status, url: post?.url,
        text: post?.text, hashes: bytes ? [{ label: 'event record', sha256: sha256Hex(bytes) }] : [], ledger: bytes ? [{ key }] : [],
      });
      if (post) items.push(postItem(post));
      if (post) for (const c of postCaptures(post)) await addCapture(c);
      for (const ev of e.evidence) if ((await deps.catalog.getCapture(ev).catch(() => null)) !== null) await addCapture(ev);
    }
    for (const id of sel.capture) {
      if (!(await deps.catalog.getCapture(id)) && !(await deps.archive.getCapture(id))) throw new VigilError('VGL_NOT_FOUND', `no archived capture with id ${id}`);
      await addCapture(id);
    }
    for (const ref of sel.post) {
      const [target, ...rest] = ref.split('|');
      const p = await deps.catalog.getPost(target, rest.join('|'));
      if (!p) throw new VigilError('VGL_NOT_FOUND', `no post ${JSON.stringify(rest.join('|'))} in target ${JSON.stringify(target)}`);
      items.push(postItem(p));
      for (const c of postCaptures(p)) await addCapture(c);
    }
    for (const p of await searchPosts(sel)) items.push(postItem(p));
    // Ledger positions of the records hashed above, in one pass over the ledger index.
    if (deps.ledgerPositions) {
      const wants = new Map<string, string>();
      for (const x of items) for (const l of x.ledger) wants.set(l.key, x.hashes[0]?.sha256 ?? '');
      const seqs = wants.size ? await deps.ledgerPositions([...wants.keys()]) : new Map<string, number>();
      for (const x of items) x.ledger = x.ledger.map((l) => ({ ...l, seq: seqs.get(l.key) }));
    }
    return items;
  }

  const chosen = (sel: DossierSelection) => sel.event.length + sel.capture.length + sel.post.length > 0 || sel.q !== undefined;
  const audit = (req: FastifyRequest, sel: DossierSelection, format: string, extra: Record<string, unknown> = {}) =>
    recordAudit(deps, req, 'dossier', { format, events: sel.event, captures: sel.capture, posts: sel.post, q: sel.q, ...extra });
  const needChoice = (sel: DossierSelection) => {
    if (!chosen(sel)) throw new VigilError('VGL_BAD_REQUEST', 'choose events, captures, posts or a search (q) first');
  };

  app.get('/dossier', async (req, reply) => {
    const sel = parseSelection(req.query);
    const items = await collect(req, sel, false);
    if (chosen(sel)) await audit(req, sel, 'html', { items: items.length });
    return sendHtml(reply, dossierPage(sel, items, uiOf(req), { generatedAt: new Date().toISOString(), pdf: deps.printPdf !== undefined, pkg: deps.exporter !== undefined }));
  });

  app.get('/dossier/print', async (req, reply) => {
    const sel = parseSelection(req.query);
    const items = await collect(req, sel, false);
    if (chosen(sel)) await audit(req, sel, 'print', { items: items.length });
    return sendHtml(reply, dossierPage(sel, items, uiOf(req), { print: true, generatedAt: new Date().toISOString() }));
  });

  app.get('/dossier.pdf', async (req, reply) => {
    if (!deps.printPdf) throw new VigilError('VGL_NOT_ENABLED', 'PDF printing needs Chromium (capture.chromiumPath) in this Vigil process');
    const sel = parseSelection(req.query);
    needChoice(sel);
    const pdf = await deps.printPdf(dossierPage(sel, await collect(req, sel, true), uiOf(req), { print: true, generatedAt: new Date().toISOString() }));
    req.log.info({ items: sel.event.length + sel.capture.length + sel.post.length, q: sel.q !== undefined, bytes: pdf.length }, 'dossier pdf');
    await audit(req, sel, 'pdf', { sha256: sha256Hex(pdf) });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="vigil-dossier.pdf"').send(pdf);
  });

  // One package of every item the dossier shows: the chosen events, captures and posts, and the
  // posts its search lists (the same first page the dossier shows), each with all its evidence.
  app.get('/dossier.zip', async (req, reply) => {
    if (!deps.exporter) throw new VigilError('VGL_NOT_ENABLED', 'export is not available in this Vigil process');
    const sel = parseSelection(req.query);
    needChoice(sel);
    const found = (await searchPosts(sel)).map((p) => `${p.targetId}|${p.id}`);
    const post = [...new Set([...sel.post, ...found])];
    if (!sel.event.length && !sel.capture.length && !post.length) throw new VigilError('VGL_BAD_REQUEST', `the search ${JSON.stringify(sel.q)} finds no posts: nothing to package`);
    const out = await deps.exporter.export({ event: sel.event, capture: sel.capture, post }, { actor: req.user ? `ui:${req.user.name}@${req.ip}` : `ui:${req.ip}` });
    const name = out.filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^vigil-items-/, 'vigil-dossier-');
    req.log.info({ items: sel.event.length + sel.capture.length + post.length, filename: name, sha256: out.sha256 }, 'dossier package');
    await audit(req, sel, 'zip', { filename: name, sha256: out.sha256, searchPosts: found.length || undefined });
    reply.header('content-type', out.contentType ?? 'application/zip').header('content-disposition', `attachment; filename="${name}"`);
    if (out.sha256) reply.header('x-vigil-sha256', out.sha256);
    return reply.send(out.body);
  });
};
