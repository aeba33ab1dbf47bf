// Where polls come from (network.vantages) and which logged-in sessions they may use (sessions).
// Both are operator settings: a vantage's proxy is an address the operator chose (allowed even when
// private: the SSRF guard protects the destinations, not the operator's own proxy), and a session is
// a Playwright storageState file whose contents never leave the worker (logs, manifests, bucket).
import { z } from 'zod';

export const VANTAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const ProxyUrl = z
  .string()
  .url()
  .refine((u) => /^(https?|socks5?):$/.test(new URL(u).protocol), 'a proxy URL: http://host:port, https://host:port or socks5://host:port (user:password@ allowed)');

export const VantageConfig = z
  .object({
    id: z.string().regex(VANTAGE_ID, 'letters, digits, . _ - (max 64)'),
    /** Absent: direct from this worker. */
    proxy: ProxyUrl.optional(),
    /** ISO 3166-1 alpha-2 country the vantage's traffic appears from (geo-block events name it). */
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. DE')
      .transform((c) => c.toUpperCase())
      .optional(),
  })
  .strict();
export type VantageConfig = z.infer<typeof VantageConfig>;

/** The default: one direct vantage. */
export const DIRECT_VANTAGE: VantageConfig = { id: 'direct' };

export const Vantages = z
  .array(VantageConfig)
  .min(1, 'at least one vantage (the default is [{id: direct}])')
  .superRefine((vs, ctx) => {
    const seen = new Set<string>();
    vs.forEach((v, i) => {
      if (seen.has(v.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `duplicate vantage id "${v.id}"` });
      seen.add(v.id);
    });
  })
  .default([DIRECT_VANTAGE]);

export const SESSION_SCOPES = ['needsSession', 'all'] as const;

export const SessionConfig = z
  .object({
    /** A registered platform (checked against the registry by the settings schema). */
    platform: z.string().min(1),
    /** Names the session in observations, captures and alerts (never its cookies). */
    label: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits, . _ @ - (max 64)'),
    /** Playwright storageState JSON (cookies + origins' localStorage); relative paths from the working directory. */
    storageState: z.string().min(1),
    /** `needsSession`: only steps the platform plans with needsSession; `all`: every step of the platform. */
    scope: z.enum(SESSION_SCOPES).default('needsSession'),
  })
  .strict();
export type SessionConfig = z.infer<typeof SessionConfig>;

export const Sessions = z
  .array(SessionConfig)
  .superRefine((ss, ctx) => {
    const seen = new Set<string>();
    ss.forEach((s, i) => {
      const k = `${s.platform}/${s.label}`;
      if (seen.has(k)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'label'], message: `duplicate session label "${s.label}" for platform ${s.platform}` });
      seen.add(k);
    });
  })
  .default([]);
