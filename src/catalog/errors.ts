// What a failed catalog write means for the index job, decided from the error alone. Pure.
// A database that is down or restarting is retried (VGL_CATALOG_UNAVAILABLE); a record the
// database refuses (a value out of range, a constraint, a bug) is permanent
// (VGL_CATALOG_REJECTED) and raises the index_failed health alert: retrying cannot fix it.
import { VigilError, isVigilError } from '../errors.js';

// SQLSTATE classes that say nothing about the record: connection (08), resources (53),
// operator intervention such as a restart (57), serialization/deadlock rollbacks (40).
const TRANSIENT_SQLSTATE = /^(08|53|57|40)/;
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface DbErrorLike {
  code?: unknown;
  message?: unknown;
}

export function isTransientDbError(e: unknown): boolean {
  const err = (e ?? {}) as DbErrorLike;
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.test(code);
  if (TRANSIENT_ERRNO.has(code)) return true;
  // node-postgres: a connection dropped mid-query or a pool timeout has no code.
  const msg = typeof err.message === 'string' ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect/i.test(msg);
}

/** The VigilError an index job fails with; `what` names the record (kind and key). */
export function catalogError(e: unknown, what: string): VigilError {
  if (isVigilError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const sqlstate = typeof (e as DbErrorLike | undefined)?.code === 'string' ? String((e as DbErrorLike).code) : undefined;
  const details = { record: what, ...(sqlstate ? { sqlstate } : {}) };
  return isTransientDbError(e)
    ? new VigilError('VGL_CATALOG_UNAVAILABLE', `catalog: database unavailable while indexing ${what}: ${message}`, { cause: e, details })
    : new VigilError('VGL_CATALOG_REJECTED', `catalog: cannot index ${what}: ${message}`, { cause: e, details });
}
