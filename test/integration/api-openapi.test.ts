// The API contract: /api/openapi.json (OpenAPI 3.1, generated from the routes' zod schemas)
// documents every route, and real answers validate against the documented schemas (checked with
// Ajv's JSON Schema 2020-12, the dialect of OpenAPI 3.1). /api/docs renders in real Chromium
// from Vigil's own files, with no request leaving this server.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildApi } from '../../src/api/index.js';
import { ALL_DOCS } from '../../src/api/routes/docs.js';
import { createArchive } from '../../src/archive/archive.js';
import { createCatalog, reindex, type Catalog } from '../../src/catalog/index.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { IDS, TID, seedWorld, type World } from './integrity-fixture.js';

const log = pino({ level: 'silent' });
let s3: TestS3;
let catalog: Catalog;
let api: FastifyInstance;
let world: World;
let doc: { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  const archive = createArchive({ store: s3.store, log });
  world = await seedWorld(archive, s3.store);
  await reindex(archive, catalog, log);
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive, targets: { add: async () => world.def, list: async () => [world.def], remove: async () => undefined } });
  doc = (await api.inject({ url: '/api/openapi.json' })).json();
}, 180_000);

afterAll(async () => {
  await api?.close();
  await catalog?.close();
  await s3?.close();
});

const schemaOf = (path: string, method = 'get', status = '200') => doc.paths[path][method].responses[status].content!['application/json'].schema;

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 and documents every route the server has, with its parameters', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const d of ALL_DOCS) {
      expect(api.hasRoute({ method: d.method.toUpperCase() as 'GET', url: d.path }), `${d.method} ${d.path}`).toBe(true);
      expect(doc.paths[d.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[d.method], `${d.method} ${d.path}`).toBeDefined();
    }
    // Every list takes a cursor and answers with `next`.
    for (const p of ['/api/targets', '/api/targets/{id}/posts', '/api/events', '/api/search', '/api/users', '/api/audit', '/api/tokens']) {
      expect(doc.paths[p].get.parameters!.map((x) => x.name), p).toContain('cursor');
      expect((schemaOf(p) as { properties: Record<string, unknown> }).properties.next, p).toBeDefined();
    }
    expect(doc.paths['/api/targets/{id}/posts'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
  });

  it('real answers validate against the documented schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const check = async (url: string, path: string) => {
      const res = await api.inject({ url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      const validate = ajv.compile(schemaOf(path));
      expect(validate(res.json()), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
      return res.json();
    };
    const posts = await check(`/api/targets/${TID}/posts?limit=2`, '/api/targets/{id}/posts');
    expect(posts.posts).toHaveLength(2);
    await check('/api/targets', '/api/targets');
    await check(`/api/targets/${TID}`, '/api/targets/{id}');
    await check('/api/events', '/api/events');
    await check(`/api/events/${IDS.event}`, '/api/events/{id}');
    await check(`/api/captures/${IDS.cap1}`, '/api/captures/{id}');
    await check(`/api/search?q=${encodeURIComponent('аэропорт')}`, '/api/search');
    await check(`/api/targets/${TID}/posts/${encodeURIComponent(world.posts[0].id)}`, '/api/targets/{id}/posts/{postId}');
    // And a documented answer that is wrong fails: the check can fail.
    const validate = ajv.compile(schemaOf('/api/targets/{id}/posts'));
    expect(validate({ ...posts, next: 5 })).toBe(false);
  });
});

describe('GET /api/docs', () => {
  it('renders the reference in Chromium from Vigil’s own files, nothing from elsewhere', async () => {
    const base = await api.listen({ host: '127.0.0.1', port: 0 });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/api/docs`);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Vigil HTTP API' }).waitFor({ timeout: 30_000 });
      await page.locator('.opblock-summary-path', { hasText: '/api/targets/{id}/posts' }).first().waitFor({ timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(requested.filter((u) => !u.startsWith(base) && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe('roles in the contract', () => {
  it('each documented route says the role the server enforces for it', async () => {
    const { requiredRole } = await import('../../src/api/roles.js');
    for (const d of ALL_DOCS) {
      const enforced = ['/healthz', '/api/login', '/api/openapi.json'].includes(d.path) ? undefined : requiredRole(d.method.toUpperCase(), d.path.replace(/:([A-Za-z0-9_]+)/g, 'x'));
      expect(d.role, `${d.method} ${d.path}`).toBe(enforced);
    }
  });
});
