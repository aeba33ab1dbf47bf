// FetchStep.via: 'browser' is honoured: a step planned via browser is loaded by real Chromium (the
// browser pool, all traffic through its egress proxy), parsed like any page, and archived like an
// HTTP fetch by the workers' own poll. Real redis-server, s3rver, Chromium and the Telegram
// simulator. A private address (directly or by redirect) is refused; a worker without a browser
// refuses browser steps with VGL_NOT_ENABLED.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer, type Capturer } from '../../src/capture/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { isVigilError } from '../../src/errors.js';
import { pipelineDeps } from '../../src/app/start.js';
import { pollTarget } from '../../src/workers/observe-core.js';
import { getScraper } from '../../src/scrapers/registry.js';
import type { Scraper } from '../../src/scrapers/types.js';
import { usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'fbrowser',
  sim: true,
  app: {
    roles: ['worker'],
    queueEvents: false,
    settings: {
      // The simulator, Redis and S3 listen on 127.0.0.1; every other private address stays refused.
      network: { allowPrivate: ['127.0.0.1/32'], timeout: '20s', perHostRps: 1000 },
      capture: { enabled: false },
      archive: { archiveMedia: false },
    },
  },
});

// The simulated t.me pages keep the real markup, which loads telegram.org assets: refuse them at
// once (there is no internet here) so `load` does not wait for them, as the demo does.
const settings = () => SettingsSchema.parse(h.settings(h.dir, { network: { allowPrivate: ['127.0.0.1/32'], timeout: '20s' }, capture: { blockHosts: ['telegram.org', 't.me'] } }));
let capturer: Capturer;
let redirector: Server;
let redirectorUrl = '';
beforeAll(async () => {
  capturer = createCapturer({ settings: settings(), log: pino({ level: 'silent' }), putBlob: (b, t) => h.app.core.archive.putBlob(b, t) });
  // An allowed page that redirects to a private address Vigil must not reach.
  redirector = createServer((_req, res) => res.writeHead(302, { location: 'http://127.0.0.5:8081/secret' }).end());
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await capturer?.close();
  await new Promise((r) => redirector?.close(r));
});

/** The Telegram scraper with its listing planned via browser (what a script-rendered platform plans). */
const viaBrowser = (platform: string): Scraper => {
  const s = getScraper(platform);
  return { ...s, planListing: (t, cfg, cursor) => ({ ...s.planListing(t, cfg, cursor), via: 'browser' }) };
};

describe('a step planned via browser', () => {
  it('is rendered by Chromium, parsed, and archived like an HTTP fetch by the poll', async () => {
    h.channel('browserchan', 5);
    const d = { ...pipelineDeps(h.app.core, 'test-vantage', capturer), getScraper: viaBrowser };
    const r = await pollTarget(d, { targetId: 'bc', spec: 'telegram:browserchan', jobKey: 'bc-1', jobTime: Date.now() });
    expect(r.state).toBe('ok');
    expect(r.observationId).toBeDefined();

    const [obs] = await h.observations('bc');
    expect(obs.posts.map((p) => p.key)).toEqual(['1', '2', '3', '4', '5']);
    const manifest = (await h.app.core.archive.getCapture(obs.captures[0]))!;
    expect(manifest).toMatchObject({ kind: 'http', status: 'done', target: 'bc', vantage: 'test-vantage', response: { status: 200 } });
    expect(manifest.url).toBe(`${h.server.url}/s/browserchan`);
    expect(manifest.tool.browser).toMatch(/^Chromium\/\d+/);
    expect(typeof manifest.browser?.sandbox).toBe('boolean');
    expect(manifest.metadata).toMatchObject({ purpose: 'listing', via: 'browser' });
    // The archived bytes are the page's HTML after load: the channel and its posts, as rendered.
    const page = await h.app.core.archive.getBlob(manifest.artifacts[0].sha256);
    expect(manifest.artifacts[0]).toMatchObject({ name: 'page.html', size: page!.length });
    const html = page!.toString('utf8');
    expect(html).toContain('tgme_channel_history');
    expect(html).toContain('data-post="browserchan/5"');
    expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<html')).toBe(true);
  }, 120_000);

  it('to a private address is refused, directly or through a redirect', async () => {
    const f = pipelineDeps(h.app.core, 'test', capturer).fetcher;
    const direct = await f.fetch({ via: 'browser', url: 'http://127.0.0.5:8081/s/x', purpose: 'listing' }).catch((e: unknown) => e);
    expect(isVigilError(direct, 'VGL_FETCH_BLOCKED_ADDRESS')).toBe(true);
    const hop = await f.fetch({ via: 'browser', url: redirectorUrl, purpose: 'listing' }).catch((e: unknown) => e);
    expect(isVigilError(hop, 'VGL_FETCH_BLOCKED_ADDRESS'), String(hop)).toBe(true);
  }, 60_000);

  it('on a worker without a browser is refused with VGL_NOT_ENABLED, and http steps still work', async () => {
    const f = pipelineDeps(h.app.core, 'test').fetcher;
    const e = await f.fetch({ via: 'browser', url: `${h.server.url}/s/browserchan`, purpose: 'listing' }).catch((x: unknown) => x);
    expect(isVigilError(e, 'VGL_NOT_ENABLED')).toBe(true);
    expect((e as Error).message).toContain('capture.enabled');
    const ok = await f.fetch({ via: 'http', url: `${h.server.url}/s/browserchan`, purpose: 'listing' });
    expect(ok.status).toBe(200);
    expect(ok.browser).toBeUndefined();
  });
});
