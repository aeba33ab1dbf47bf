// Simulated worlds for `npm run bench -- platforms`: per registered platform, a simulator seeded
// with `accounts` accounts of about `posts` posts each, the specs that watch them and the
// `platforms.<p>` settings pointing at it. A platform without an entry here is reported as missing
// by the benchmark (never skipped in silence): adding a platform adds its line here, beside its sim.
import { runSim } from './index.js';
import { benchScenario } from './bench-scenario.js';
import { startXSim } from './x/index.js';
import { startYouTubeSim } from './youtube/index.js';
import { startVkSim } from './vk/index.js';
import { startInstagramSim } from './instagram/index.js';
import { startFacebookSim } from './facebook/index.js';
import { startPressSite } from './press/index.js';

export interface BenchWorld {
  /** Target specs, one per account. */
  specs: string[];
  /** The platform's settings section (baseUrl at the simulator). */
  settings: Record<string, unknown>;
  close(): Promise<void>;
}

export type BenchWorldFactory = (accounts: number, posts: number) => Promise<BenchWorld>;

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

export const BENCH_WORLDS: Readonly<Record<string, BenchWorldFactory>> = {
  async telegram(n, posts) {
    const s = await runSim({ scenario: benchScenario(n, posts) });
    return { specs: s.sim.world.channels().map((c) => `telegram:${c.username}`), settings: { baseUrl: s.url, rescanPages: 0 }, close: () => s.close() };
  },
  async x(n, posts) {
    // Timelines served to guests: the benchmark measures parsing and the pipeline, not sessions.
    const s = await startXSim({ guestTimelines: true });
    const handles = names('benchx', n);
    for (const h of handles) s.world.addUser({ handle: h, posts });
    return { specs: handles.map((h) => `x:${h}`), settings: { baseUrl: s.url, rescanPages: 0 }, close: () => s.close() };
  },
  async youtube(n, posts) {
    const s = await startYouTubeSim();
    const handles = names('@benchyt', n);
    for (const h of handles) s.world.addChannel({ handle: h, videos: posts });
    return { specs: handles.map((h) => `youtube:${h}`), settings: { baseUrl: s.url }, close: () => s.close() };
  },
  async vk(n, posts) {
    const s = await startVkSim();
    const accounts = names('benchvk', n);
    for (const a of accounts) {
      s.sim.apply({ type: 'account', name: a, kind: 'community', title: `Bench ${a}` });
      s.sim.apply({ type: 'post', account: a, count: posts, photos: 0 });
    }
    return { specs: accounts.map((a) => `vk:${a}`), settings: { baseUrl: s.url, rescanPages: 0 }, close: () => s.close() };
  },
  async instagram(n, posts) {
    const s = await startInstagramSim();
    s.model.loggedOut = 'open';
    const users = names('bench_ig', n);
    for (const u of users) {
      s.model.addAccount({ username: u });
      s.model.post(u, { count: Math.min(posts, 12) });
    }
    return { specs: users.map((u) => `instagram:${u}`), settings: { baseUrl: s.url }, close: () => s.close() };
  },
  async facebook(n, posts) {
    const s = await startFacebookSim();
    const pages = names('benchfb', n);
    for (const p of pages) {
      s.model.addPage({ vanity: p });
      s.model.post(p, { count: posts });
    }
    return { specs: pages.map((p) => `facebook:${p}`), settings: { baseUrl: s.url, rescanPages: 0 }, close: () => s.close() };
  },
  async rss(n) {
    // One seeded press site; every account reads its feed (distinct targets, the same answer).
    const s = await startPressSite();
    return { specs: Array.from({ length: n }, () => `rss:${s.url}/press/rss.xml`), settings: {}, close: () => s.close() };
  },
  async web(n) {
    const s = await startPressSite();
    return { specs: Array.from({ length: n }, () => `web:${s.url}/press/#sel=a.news-item__title`), settings: {}, close: () => s.close() };
  },
};
