// The one schema for every setting. Defaults live here; config/default.yaml documents them.
// Unknown keys are errors (strict), so a typo never silently falls back to a default.
import { z } from 'zod';
import { Duration } from './duration.js';
import { parseAllowEntry } from '../capture/address.js';
import { PLATFORMS, platformsSchema } from '../scrapers/registry.js';
import { Sessions, Vantages, VANTAGE_ID } from './vantage.js';

/** network.allowPrivate: true, false, or the addresses / CIDR ranges allowed (everything else stays guarded). */
const AllowPrivate = z.union([
  z.boolean(),
  z.array(z.string().refine((e) => parseAllowEntry(e) !== null, (e) => ({ message: `${JSON.stringify(e)} is not an IP address or CIDR range (e.g. "127.0.0.2/31")` }))),
]);
import { Fingerprint } from './fingerprint.js';
import { AlertsSettings } from '../alerts/settings.js';
import { AttackSettings } from '../detect/attack/settings.js';

const TargetConfig = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)').optional(),
    spec: z.string().min(3),
    every: Duration.optional(),
    tags: z.array(z.string()).default([]),
    /** Only these network.vantages poll the target (default: all of them, in rotation). */
    vantages: z.array(z.string().regex(VANTAGE_ID)).min(1).optional(),
  })
  .strict();
export type TargetConfig = z.infer<typeof TargetConfig>;

/** `{tag}` in a key prefix: Redis Cluster hashes only the tag, so every Vigil key lands in one slot. */
export const HASH_TAG = /\{[^{}]+\}/;

const HostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'host:port');

const RedisConfig = z
  .object({
    url: z.string().url().optional(),
    /** Key prefix of every Vigil and BullMQ key. Redis Cluster needs a hash tag: "{vigil}". */
    prefix: z.string().min(1).default('vigil'),
    /** Redis Cluster seed nodes (redis://host:port); the client discovers the rest. */
    cluster: z.array(z.string().url()).default([]),
    /** Redis Sentinel: the master's name and the sentinels (host:port). */
    sentinel: z
      .object({
        name: z.string().min(1),
        nodes: z.array(HostPort).min(1),
        /** Password of the Redis master/replicas (not of the sentinels). */
        password: z.string().optional(),
        sentinelPassword: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const modes = [r.url !== undefined, r.cluster.length > 0, r.sentinel !== undefined].filter(Boolean).length;
    if (modes > 1) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'set only one of redis.url, redis.cluster and redis.sentinel' });
    if (r.cluster.length > 0 && !HASH_TAG.test(r.prefix)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['prefix'],
        message: `"${r.prefix}" has no hash tag; with redis.cluster use e.g. "{${r.prefix}}" so queues, scripts and the ledger lock keep their keys in one slot`,
      });
    }
  })
  .default({});

export const SettingsSchema = z
  .object({
    dataDir: z.string().default('.vigil'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    redis: RedisConfig,
    s3: z
      .object({
        endpoint: z.string().url().optional(),
        region: z.string().default('us-east-1'),
        bucket: z.string().default('vigil'),
        accessKeyId: z.string().default('S3RVER'),
        secretAccessKey: z.string().default('S3RVER'),
        forcePathStyle: z.boolean().default(true),
      })
      .strict()
      .default({}),
    database: z
      .object({
        url: z.string().optional(),
        /** A read replica of database.url: the API's and UI's read-only queries go there. */
        readUrl: z.string().optional(),
      })
      .strict()
      .refine((d) => !d.readUrl || d.url, { message: 'readUrl needs database.url (a replica of the embedded catalog is not possible)', path: ['readUrl'] })
      .default({}),
    http: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Empty is refused: it would silently switch the API to token-less (loopback-only) mode. */
        apiToken: z
          .string()
          .refine((t) => t.trim().length > 0, 'empty; unset VIGIL_API_TOKEN / http.apiToken to serve loopback clients only, or set a long random token')
          .optional(),
        /** The address users reach Vigil at (https://vigil.example.org); its host is accepted in Host/Origin and https makes the session cookie Secure. */
        publicUrl: z
          .string()
          .url()
          .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
          .optional(),
        /** More host names the API answers to (besides 127.0.0.1, localhost, [::1], http.host and publicUrl's host). */
        allowedHosts: z.array(z.string().min(1)).default([]),
        /** Trust X-Forwarded-* from these proxies (true = any; addresses/CIDRs); false = the socket address is the client. */
        trustProxy: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
        /** Wrong tokens (login form, ?token= links, Bearer) allowed per client address per loginWindow; then 429. */
        loginAttempts: z.number().int().positive().default(5),
        loginWindow: Duration.default('1m'),
        /** Capture replay (ReplayWeb.page) on its own origin: archived pages' scripts never run in Vigil's origin. */
        replay: z.boolean().default(true),
        /** Port of the replay origin on http.host; 0 = any free port (printed in the capture page's links). */
        replayPort: z.number().int().min(0).max(65535).default(0),
        /** The replay origin as users reach it (behind a proxy), e.g. https://replay.vigil.example.org; default http://<the UI's host name>:<replayPort>. */
        replayUrl: z
          .string()
          .url()
          .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
          .optional(),
        /** How long a password login (session cookie) lasts. */
        sessionTtl: Duration.default('12h'),
      })
      .strict()
      .default({}),
    network: z
      .object({
        allowPrivate: AllowPrivate.default(false),
        /** Longest Retry-After pause honoured; a platform asking for more is retried after this. */
        maxRetryAfter: Duration.default('1h'),
        userAgent: z.string().default('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'),
        timeout: Duration.default('20s'),
        maxPageBytes: z.number().int().positive().default(8 * 1024 * 1024),
        /** Requests per second allowed to one host, across all workers (Redis-backed). */
        perHostRps: z.number().positive().default(5),
        /** Requests per second to all hosts of one platform (e.g. {telegram: 20}), across all workers; unlisted platforms: per-host limit only. */
        perPlatformRps: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a platform name'), z.number().positive()).default({}),
        /** How many fetches a worker runs at once. */
        concurrency: z.number().int().positive().default(16),
        /** Where polls come from (proxies by country); polls rotate over them, blocks are re-checked from another. */
        vantages: Vantages,
      })
      .strict()
      .default({}),
    /** One section per registered platform, each defined by its scraper (src/scrapers/<name>/settings.ts). */
    platforms: platformsSchema(),
    scheduler: z
      .object({
        defaultEvery: Duration.default('5m'),
        tick: Duration.default('1s'),
        /** Spread first polls over this window so a fleet of targets does not fire at once; later polls move by at most min(jitter, interval/10). */
        jitter: Duration.default('10s'),
        /** Full re-sync of the due-set from the target definitions in the bucket (a lost due-set is rebuilt within recovery.checkEvery). */
        resyncEvery: Duration.default('1h'),
        /** Due targets claimed per Redis call; a tick repeats until nothing more is due (or maxPerTick). */
        batch: z.number().int().positive().default(2000),
        /** At most this many observe jobs queued per tick (the rest stay due for the next tick). */
        maxPerTick: z.number().int().positive().default(50_000),
        /** A claimed target is due again after this when its scheduler died before queuing it. */
        claimLease: Duration.default('60s'),
        /** Adaptive intervals: hot targets (open candidate events, attacks) faster, dormant ones slower. */
        adaptive: z
          .object({
            enabled: z.boolean().default(true),
            hotFactor: z.number().gt(0).max(1).default(0.25),
            minEvery: Duration.default('30s'),
            dormantAfter: Duration.default('14d'),
            dormantFactor: z.number().min(1).default(4),
            maxEvery: Duration.default('6h'),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    detection: z
      .object({
        confirm: z
          .object({
            minSpan: Duration.default('2m'),
            minObservations: z.number().int().min(1).default(2),
          })
          .strict()
          .default({}),
        /** Bot-farm attacks, "consistent with" links and campaigns (src/detect/attack/settings.ts). */
        attack: AttackSettings.default({}),
        /** Shadow-ban probes and reach_drop (issue 10; src/workers/shadow-probes.ts, src/detect/reach.ts). */
        probes: z
          .object({
            enabled: z.boolean().default(true),
            /** How often a target's shadow-ban probes run (part of its poll); an open shadow-ban candidate re-probes on every confirm round. */
            every: Duration.default('6h'),
            /** Posts younger than this are not expected in search yet (the index lags). */
            searchIndexLag: Duration.default('1h'),
            /** Exact-phrase searches per probe round (newest searchable posts). */
            phrases: z.number().int().min(0).max(5).default(1),
            /** Distinct vantages or sessions whose probes must agree before a shadow-ban is confirmed. */
            minVantages: z.number().int().min(1).default(2),
            reach: z
              .object({
                enabled: z.boolean().default(true),
                /** Post ages at which views are compared with the account's baseline at that age. */
                ages: z.array(Duration).min(1).default(['1h', '3h', '6h', '12h', '24h', '72h']),
                window: z.number().int().min(3).default(30),
                minBaseline: z.number().int().min(3).default(8),
                ratio: z.number().positive().max(1).default(0.3),
                z: z.number().positive().default(3),
                minPosts: z.number().int().min(1).default(3),
              })
              .strict()
              .default({}),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    archive: z
      .object({
        maxMediaBytes: z.number().int().positive().default(50 * 1024 * 1024),
        archiveMedia: z.boolean().default(true),
        outboxRetry: Duration.default('5s'),
        /** Bytes one process may hold in the outbox spool while the store is down (0 = up to the disk); past it writes are refused with VGL_OUTBOX_FULL and jobs pause. */
        outboxMaxBytes: z.number().int().min(0).default(0),
        /** How often buffered "seen, unchanged" poll entries are written as one seen/… object. */
        seenFlushEvery: Duration.default('60s'),
        /** Flush the seen buffer early once it holds this many entries. */
        seenMaxEntries: z.number().int().positive().default(5000),
        /** Hard bound of the in-memory seen buffer while flushes fail or hang: past seenMaxEntries it spills to the outbox; past this, the oldest are dropped (counted, warned). */
        seenMaxBuffered: z.number().int().positive().default(20000),
        /** Blob hashes remembered per worker as already stored (skips a HEAD per repeated blob). */
        knownBlobs: z.number().int().positive().default(100_000),
      })
      .strict()
      .default({}),
    capture: z
      .object({
        enabled: z.boolean().default(true),
        /** Browser-capture new and edited posts of the platforms that read this flag (Telegram). */
        telegramPosts: z.boolean().default(false),
        /** Browser-capture new and edited statements (their own page) of the feed and web-page platforms. */
        statements: z.boolean().default(true),
        chromiumPath: z.string().default('/usr/bin/chromium'),
        concurrency: z.number().int().positive().default(2),
        restartAfter: z.number().int().positive().default(100),
        viewport: z.object({ width: z.number().int().default(1280), height: z.number().int().default(900) }).strict().default({}),
        mobileViewport: z.object({ width: z.number().int(), height: z.number().int() }).strict().optional(),
        maxScreenshotHeight: z.number().int().positive().default(20000),
        /** PNG encoder of screenshots: `fast` (Chromium's optimizeForSpeed: same pixels, larger file, about half the CPU) or `small`. */
        screenshotEncoding: z.enum(['fast', 'small']).default('fast'),
        maxScrolls: z.number().int().min(0).default(20),
        navigationTimeout: Duration.default('30s'),
        networkIdleTimeout: Duration.default('5s'),
        totalTimeout: Duration.default('90s'),
        /**
         * Each snapshot call (screenshot, DOM, MHTML, the mobile screenshot) may take this long. They
         * run even past totalTimeout, so a page that timed out still yields evidence; a renderer held
         * by a script that never yields answers none of them, and the capture fails after this.
         */
        snapshotTimeout: Duration.refine((ms) => ms >= 1000, 'at least 1s: every capture would fail its screenshot').default('30s'),
        maxResponseBytes: z.number().int().positive().default(50 * 1024 * 1024),
        /** Memory budget of one capture: bytes of recorded bodies + media kept; beyond it bodies are dropped and the capture is partial (maxTotalBytes). */
        maxTotalBytes: z.number().int().positive().default(128 * 1024 * 1024),
        /** Captures waiting in the queue before POST /api/captures answers 503 (VGL_QUEUE_FULL). */
        maxQueued: z.number().int().positive().default(1000),
        blockHosts: z.array(z.string()).default([]),
        /** When Vigil runs as root, Chromium runs as this unprivileged user (else `nobody`) so its sandbox can work. */
        browserUser: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a system user name').default('vigil-browser'),
      })
      .strict()
      .default({}),
    integrity: z
      .object({
        checkpointEvery: Duration.default('5m'),
        checkpointEntries: z.number().int().positive().default(1000),
        tsaUrl: z.string().url().optional(),
        /** PEM file with the TSA root(s) to pin; without it a timestamp is reported "not anchored", never valid. */
        tsaCaFile: z.string().optional(),
        keyFile: z.string().optional(),
        /** Ledger key fingerprints `vigil verify` accepts (SHA-256 of the DER SubjectPublicKeyInfo, hex). */
        trustedKeys: z.array(Fingerprint).default([]),
        objectLockDays: z.number().int().min(0).default(0),
        /** Post and event packages: render the archived page of a post no browser captured (offline Chromium, capture.chromiumPath). */
        exportRenderings: z.boolean().default(true),
      })
      .strict()
      .default({}),
    recovery: z
      .object({
        /** How often the scheduler and web roles check that Redis still holds the due-set and the detection state. */
        checkEvery: Duration.default('5s'),
        /** When Redis lost its data, bucket records of this period are re-applied to the catalog before the state is rebuilt. */
        catchUp: Duration.default('2d'),
      })
      .strict()
      .default({}),
    shutdown: z
      .object({
        /** On SIGTERM, in-flight jobs get this long to finish; then they are aborted and returned to their queues (no attempt spent). */
        grace: Duration.default('45s'),
      })
      .strict()
      .default({}),
    /** Logged-in sessions per platform (Playwright storageState files), rotated; see src/fetch/sessions.ts. */
    sessions: Sessions,
    targets: z.array(TargetConfig).default([]),
    /** Webhooks for confirmed events (src/alerts/settings.ts). */
    alerts: AlertsSettings,
  })
  .strict()
  .superRefine((s, ctx) => {
    s.sessions.forEach((x, i) => {
      if (!PLATFORMS.includes(x.platform)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sessions', i, 'platform'], message: `"${x.platform}" is not a registered platform (${PLATFORMS.join(', ')})` });
    });
    const ids = new Set(s.network.vantages.map((v) => v.id));
    s.targets.forEach((t, i) => {
      for (const v of t.vantages ?? []) {
        if (!ids.has(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['targets', i, 'vantages'], message: `"${v}" is not a configured vantage (network.vantages: ${[...ids].join(', ')})` });
      }
    });
  });

export type Settings = z.infer<typeof SettingsSchema>;
