// Typed errors: every failure a user can meet has a stable code, an HTTP status,
// whether a worker should retry it, and a hint saying what to do. Branch on `code`, never on text.

export const ERRORS = {
  VGL_CONFIG_INVALID: { retryable: false, httpStatus: 500, hint: 'Fix the named config key (file or VIGIL_* env) and restart.' },
  VGL_PLATFORM_UNKNOWN: { retryable: false, httpStatus: 400, hint: 'Use a supported platform prefix, e.g. telegram:<username>.' },
  VGL_SPEC_INVALID: { retryable: false, httpStatus: 400, hint: 'Write the target as <platform>:<name>, e.g. telegram:durov.' },
  VGL_TARGET_NOT_FOUND: { retryable: false, httpStatus: 404, hint: 'List targets with `vigil targets list`.' },
  VGL_TARGET_EXISTS: { retryable: false, httpStatus: 409, hint: 'Pick another --id or update the existing target.' },
  VGL_NOT_FOUND: { retryable: false, httpStatus: 404, hint: 'Check the id; list what exists through the API.' },
  VGL_BAD_REQUEST: { retryable: false, httpStatus: 400, hint: 'Check the request parameters against the README.' },
  VGL_UNAUTHORIZED: { retryable: false, httpStatus: 401, hint: 'Send Authorization: Bearer <VIGIL_API_TOKEN>.' },
  VGL_FORBIDDEN: { retryable: false, httpStatus: 403, hint: 'Without VIGIL_API_TOKEN the API only answers loopback clients; set a token.' },
  VGL_FETCH_RATE_LIMITED: { retryable: true, httpStatus: 503, hint: 'The platform asked us to slow down; the job is retried after Retry-After.' },
  VGL_FETCH_TIMEOUT: { retryable: true, httpStatus: 504, hint: 'The platform did not answer in time; the job is retried with backoff.' },
  VGL_FETCH_FAILED: { retryable: true, httpStatus: 502, hint: 'Network error or HTTP 5xx from the platform; retried with backoff.' },
  VGL_FETCH_BLOCKED_ADDRESS: { retryable: false, httpStatus: 400, hint: 'The URL (or a redirect, frame or request of its page) resolves to a private/loopback address; list that address in network.allowPrivate only if Vigil must reach it (simulator, tests).' },
  VGL_FETCH_UNSUPPORTED_SCHEME: { retryable: false, httpStatus: 400, hint: 'Only http and https URLs can be fetched.' },
  VGL_PARSE_UNEXPECTED_MARKUP: { retryable: true, httpStatus: 502, hint: 'The page did not look like the platform; retried, never treated as a takedown. If it persists, the scraper needs updating.' },
  VGL_STORE_UNAVAILABLE: { retryable: true, httpStatus: 503, hint: 'The object store is down; artifacts are spooled to the outbox and uploaded when it is back.' },
  VGL_STORE_INTEGRITY: { retryable: false, httpStatus: 500, hint: 'Stored bytes do not match their hash; run `vigil verify --bucket`.' },
  VGL_MEDIA_TOO_LARGE: { retryable: false, httpStatus: 413, hint: 'The media exceeds archive.maxMediaBytes; raise it or accept the truncated record.' },
  VGL_SERVICE_START_FAILED: { retryable: false, httpStatus: 500, hint: 'An embedded service could not start; check the data dir and that redis-server is installed.' },
  VGL_API_UNREACHABLE: { retryable: false, httpStatus: 503, hint: 'Start Vigil with `vigil run` or pass --api URL / VIGIL_API_URL.' },
  VGL_CAPTURE_FAILED: { retryable: true, httpStatus: 502, hint: 'The browser capture produced no screenshot or DOM; it is retried.' },
  VGL_VERIFY_FAILED: { retryable: false, httpStatus: 422, hint: 'The archive or package failed verification; read the listed faults.' },
  VGL_NOT_ENABLED: { retryable: false, httpStatus: 501, hint: 'This feature is switched off or not wired in this process; enable it in the config (e.g. capture.enabled) and restart.' },
  VGL_INTERNAL: { retryable: false, httpStatus: 500, hint: 'An unexpected error; the server log has the details (look up the request id).' },
  VGL_STORE_REJECTED: { retryable: false, httpStatus: 502, hint: 'The object store refused the request (credentials, bucket, permissions); check the s3.* settings.' },
  VGL_CATALOG_UNAVAILABLE: { retryable: true, httpStatus: 503, hint: 'The catalog database did not answer (connection lost, restarting, overloaded); the index job is retried. Check database.url and the database server.' },
  VGL_CATALOG_REJECTED: { retryable: false, httpStatus: 500, hint: 'The catalog could not store a record (it stays safe in the bucket). See the index_failed alert on /healthz and GET /api/health, fix the cause, then run `vigil reindex`.' },
  VGL_HOST_NOT_ALLOWED: { retryable: false, httpStatus: 421, hint: 'Open Vigil at 127.0.0.1, localhost or the http.publicUrl address; add other names to http.allowedHosts.' },
  VGL_CROSS_ORIGIN: { retryable: false, httpStatus: 403, hint: 'State-changing requests must come from a Vigil page (same Origin) or a client that sends no Origin (CLI, curl).' },
  VGL_LOGIN_RATE_LIMITED: { retryable: true, httpStatus: 429, hint: 'Too many wrong tokens from this address; wait for Retry-After seconds and check the token.' },
  VGL_QUEUE_FULL: { retryable: true, httpStatus: 503, hint: 'The capture queue is full (capture.maxQueued); retry after Retry-After seconds.' },
  VGL_LEDGER_DIVERGED: { retryable: false, httpStatus: 503, hint: 'The ledger head in Redis and the bucket disagree, so appends are stopped (records keep landing in the bucket and are ledgered once resolved). Run `vigil verify --bucket --key-fingerprint <yours>`, restore the side that is wrong (README: "When the ledger stops"), then restart.' },
  VGL_OUTBOX_FULL: { retryable: true, httpStatus: 507, hint: 'The object store is down and the local outbox spool is full (archive.outboxMaxBytes or the disk under <dataDir>/outbox). Jobs are paused and retried, nothing already captured is touched; bring the store back or free disk space.' },
  VGL_CATALOG_LOCALE: { retryable: false, httpStatus: 500, hint: 'The catalog database was created with LC_CTYPE C, which cannot lower-case Cyrillic; search is refused rather than missing posts. Recreate it with a UTF-8 locale (README: "Search") and run `vigil reindex`.' },
  VGL_PACKAGE_UNSAFE: { retryable: false, httpStatus: 422, hint: 'The file is not a safe evidence package (ZIP bomb, duplicate or unsafe entry names); do not extract it, ask the sender for a fresh export.' },
  VGL_WEBHOOK_FAILED: { retryable: true, httpStatus: 502, hint: 'The webhook receiver did not answer 2xx in time (or could not be reached); the delivery is retried with exponential backoff (alerts.attempts, alerts.backoff), then listed in GET /api/webhooks/dead-letters. Check the receiver, then `vigil webhooks test --id <id>`.' },
  VGL_USER_EXISTS: { retryable: false, httpStatus: 409, hint: 'Pick another user name, or change the existing user (PATCH /api/users/<name>, `vigil users set`).' },
  VGL_ROLE_REQUIRED: { retryable: false, httpStatus: 403, hint: 'Your role does not allow this; ask an admin for the editor or admin role (README: "Users, roles and audit").' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly opts: { cause?: unknown; details?: object } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'VigilError';
  }
  get retryable(): boolean {
    return ERRORS[this.code].retryable;
  }
  get httpStatus(): number {
    return ERRORS[this.code].httpStatus;
  }
  get hint(): string {
    return ERRORS[this.code].hint;
  }
}

export const isVigilError = (e: unknown, code?: ErrorCode): e is VigilError =>
  e instanceof VigilError && (code === undefined || e.code === code);
