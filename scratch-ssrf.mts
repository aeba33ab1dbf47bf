import pino from 'pino';
import { createHash } from 'node:crypto';
import { SettingsSchema } from './src/config/schema.js';
import { createCapturer } from './src/capture/index.js';
import { startCanary, startHostileSite } from './test/helpers/hostileSite.js';
const log = pino({ level: 'debug' });
const canary = await startCanary(); const site = await startHostileSite(canary);
const t0 = Date.now();
const origAdd = site.controls.add.bind(site.controls);
site.controls.add = (v: string) => { console.log('control', v, Date.now() - t0); return origAdd(v); };
const cap = createCapturer({ settings: SettingsSchema.parse({ network: { allowPrivate: ['127.0.0.2/31'] }, capture: { networkIdleTimeout: '3s' } }), log, putBlob: async (b) => ({ sha256: createHash('sha256').update(b).digest('hex'), size: b.length }) });
try {
  const r = await cap.capture(`${site.url}/`);
  console.log('done', Date.now() - t0, r.status, r.metadata.limits, canary.log, (r.metadata.blockedRequests as any[]).length, r.metadata.pendingRequests);
} finally { await cap.close(); await site.close(); await canary.close(); }
