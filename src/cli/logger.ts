// The one root logger of a Vigil process (style: made in src/cli, passed down as deps.log).
import pino, { type Logger } from 'pino';

/** Paths pino blanks out: secrets, auth headers and cookies, wherever they appear in a log object. */
export const REDACT_PATHS = [
  'authorization', '*.authorization', '*.*.authorization', 'req.headers.authorization', 'headers.authorization',
  'cookie', '*.cookie', '*.*.cookie', 'req.headers.cookie', 'headers.cookie', 'set-cookie', '*["set-cookie"]',
  'token', '*.token', 'apiToken', '*.apiToken', '*.*.apiToken',
  'secretAccessKey', '*.secretAccessKey', '*.*.secretAccessKey',
  'password', '*.password', '*.*.password', 'sentinelPassword', '*.sentinelPassword', '*.*.sentinelPassword',
  // Webhook secrets (alerts.webhooks[].secret), should settings or a webhook ever be logged.
  'secret', '*.secret', '*.*.secret', '*.*.*.secret', 'webhooks[*].secret', '*.webhooks[*].secret', '*.*.webhooks[*].secret',
  // Logged-in sessions (config `sessions`) and vantage proxies (their URLs may hold credentials).
  'session.cookies', '*.session.cookies', 'storageState.cookies', '*.storageState.cookies', 'cookies', '*.cookies', '*.*.cookies',
  'proxy', '*.proxy', '*.*.proxy', 'proxy-authorization', '*["proxy-authorization"]', '*.*["proxy-authorization"]',
];

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: opts.level ?? 'info', base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[Redacted]' } },
    (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2),
  );
}
