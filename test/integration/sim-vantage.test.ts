// The simulators' vantage contract: the request header x-sim-vantage is the viewer's country
// (absent = DE). The Telegram sim serves its real "can't be displayed … local laws" stub where a
// channel is blocked; startVantageProxy adds the header to what it forwards.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyAgent } from 'undici';
import { createSim, startSimServer, type SimServer, GEO_BLOCK_TEXT } from '../../src/sim/index.js';
import { startVantageProxy, type VantageProxy } from '../../src/sim/vantage-proxy.js';
import { classifyTelegram } from '../../src/scrapers/telegram/classify.js';

const sim = createSim();
let server: SimServer;
let kz: VantageProxy;
beforeAll(async () => {
  server = await startSimServer({ sim });
  kz = await startVantageProxy({ country: 'kz', host: '127.0.0.3' });
  sim.world.addChannel({ username: 'geotest', title: 'Geo test' });
  sim.apply({ type: 'post', channel: 'geotest', count: 3 });
  sim.world.setGeoBlock('geotest', ['KZ']);
});
afterAll(async () => {
  await kz.close();
  await server.close();
});

const page = async (path: string, opts: { country?: string; proxy?: string } = {}) => {
  const url = `${server.url}${path}`;
  const r = await request(url, { headers: opts.country ? { 'x-sim-vantage': opts.country } : {}, ...(opts.proxy ? { dispatcher: new ProxyAgent({ uri: opts.proxy, proxyTunnel: false }) } : {}) });
  const body = Buffer.from(await r.body.arrayBuffer());
  return classifyTelegram({ url, finalUrl: url, status: r.statusCode, headers: { 'content-type': String(r.headers['content-type']) }, body, fetchedAt: new Date().toISOString(), purpose: 'listing' });
};

describe('Telegram sim by vantage', () => {
  it('blocked in KZ: the local-laws stub there, the channel elsewhere', async () => {
    expect(await page('/s/geotest', { country: 'KZ' })).toEqual({ state: 'geo_blocked', reason: GEO_BLOCK_TEXT });
    expect((await page('/geotest', { country: 'KZ' })).state).toBe('geo_blocked');
    expect((await page('/s/geotest')).state).toBe('ok');
    expect((await page('/s/geotest', { country: 'DE' })).state).toBe('ok');
  });
  it('through startVantageProxy({country: KZ}) the header is added', async () => {
    expect((await page('/s/geotest', { proxy: kz.url })).state).toBe('geo_blocked');
    expect(kz.country).toBe('KZ');
    expect(kz.requests).toContain(`${server.url}/s/geotest`);
  });
  it('POST /__sim/geo sets and lifts the block', async () => {
    const post = (body: object) => request(`${server.url}/__sim/geo`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ channel: 'geotest', countries: [] })).statusCode).toBe(200);
    expect((await page('/s/geotest', { country: 'KZ' })).state).toBe('ok');
    expect((await post({ channel: 'geotest' })).statusCode).toBe(400);
    await post({ channel: 'geotest', countries: ['KZ'] });
    expect((await page('/s/geotest', { country: 'KZ' })).state).toBe('geo_blocked');
  });
});
