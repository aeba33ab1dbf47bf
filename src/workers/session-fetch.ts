// Logged-in fetches: a step of a platform with configured sessions goes out with one of them
// (rotated; `needsSession` steps, or every step under `scope: all`). When the platform answers a
// listing or landing sent WITH a session by walling it (the scraper classifies `login_wall`: its
// expired-session answer), the session is benched and the `session_expired` health alert raised
// (src/fetch/sessions.ts); the answer itself stays no verdict, never a takedown.
import type { Logger } from 'pino';
import type { HttpFetcher } from '../fetch/http-fetcher.js';
import type { SessionStore } from '../fetch/sessions.js';
import type { Scraper, ScraperSettings } from '../scrapers/types.js';

export function withSessions(f: HttpFetcher, sessions: SessionStore, scraper: Scraper<ScraperSettings>, log: Logger): HttpFetcher {
  return {
    async fetch(step, opts = {}) {
      if (opts.session || opts.anonymous) return f.fetch(step, opts);
      const session = await sessions.pick(scraper.platform, step);
      if (!session) return f.fetch(step, opts);
      const r = await f.fetch(step, { ...opts, session });
      if (r.loggedIn && (step.purpose === 'listing' || step.purpose === 'landing')) {
        const c = scraper.classify(r);
        if (c.state === 'login_wall') {
          await sessions.expired(session, c.reason ?? 'login wall');
          log.warn({ platform: scraper.platform, label: session.label, url: step.url }, 'session answered with a login wall');
        }
      }
      return r;
    },
    close: () => f.close(),
  };
}
