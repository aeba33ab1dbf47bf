// The demo opens exactly the simulator's address to Vigil's guard: the simulated platforms listen
// on 127.0.0.2 and 127.0.0.1 (the API, S3, Redis) stays forbidden to fetches and the browser.
import { describe, it, expect } from 'vitest';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { DEMO_SIM_HOST, demoAllowPrivate, startDemo } from '../../src/app/demo.js';
import { assertPublicUrl } from '../../src/capture/net-guard.js';
import { isVigilError } from '../../src/errors.js';

describe('demo network settings', () => {
  it('serves the simulators on 127.0.0.2 and allows only that address', async () => {
    const demo = await startDemo(SettingsSchema.parse({}), pino({ level: 'silent' }));
    try {
      expect(demo.sim.url.startsWith(`http://${DEMO_SIM_HOST}:`)).toBe(true);
      expect(demo.press.url.startsWith(`http://${DEMO_SIM_HOST}:`)).toBe(true);
      expect(demo.settings.network.allowPrivate).toEqual([DEMO_SIM_HOST]);
      const guard = { allowPrivate: demo.settings.network.allowPrivate };
      expect((await assertPublicUrl(`${demo.press.url}/press/`, guard)).hostname).toBe(DEMO_SIM_HOST);
      const refused = await assertPublicUrl('http://127.0.0.1:8080/api/targets', guard).catch((e: unknown) => e);
      expect(isVigilError(refused, 'VGL_FETCH_BLOCKED_ADDRESS')).toBe(true);
      const page = await fetch(`${demo.press.url}/press/`);
      expect(page.status).toBe(200);
      // The shadow-banned X account is polled through two vantage proxies on loopback (127.0.0.3, .4),
      // the other targets from the operator's own vantage.
      const vs = demo.settings.network.vantages;
      expect(vs.map((v) => v.id)).toEqual(['direct', 'demo-de', 'demo-kz']);
      expect(vs.slice(1).map((v) => new URL(v.proxy!).hostname)).toEqual(['127.0.0.3', '127.0.0.4']);
      const xt = demo.settings.targets.find((t) => t.spec.startsWith('x:'))!;
      expect(xt.vantages).toEqual(['demo-de', 'demo-kz']);
      expect(demo.settings.targets.filter((t) => t !== xt).every((t) => t.vantages?.join() === 'direct')).toBe(true);
      expect(demo.settings.platforms.x.baseUrl.startsWith(`http://${DEMO_SIM_HOST}:`)).toBe(true);
    } finally {
      await demo.stop();
    }
  });

  it('keeps what the operator already allowed', () => {
    expect(demoAllowPrivate(true)).toBe(true);
    expect(demoAllowPrivate(['10.9.0.0/16'])).toEqual(['10.9.0.0/16', DEMO_SIM_HOST]);
  });
});
