// ULIDs for records and deterministic keys so a retried job rewrites the same key with the same bytes.
import { monotonicFactory, decodeTime } from 'ulid';
import { createHash } from 'node:crypto';

const next = monotonicFactory();
export const newId = (at: number = Date.now()): string => next(at);
export const idTime = (id: string): number => decodeTime(id);

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** `<prefix>/<yyyy>/<mm>/<dd>/<id><suffix>` with the date taken from the ULID (so the key is a pure function of the id). */
export function datedKey(prefix: string, id: string, suffix = '.json'): string {
  const d = new Date(idTime(id));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}/${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${id}${suffix}`;
}

export const blobKey = (sha256: string): string => `blobs/sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID whose time part is `at` and whose random part is derived from `seed`.
 * Jobs use it so that a retry of the same job produces the same record id and key.
 */
export function deterministicId(at: number, seed: string): string {
  let time = '';
  let t = Math.floor(at);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const h = createHash('sha256').update(seed).digest();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[h[i] & 31];
  return time + rand;
}
