// Password hashes and secrets: scrypt from node:crypto (N=2^15, r=8, p=1, 16-byte salt, 32-byte
// key), stored as `scrypt$N$r$p$<salt b64url>$<key b64url>`; compared in constant time. Tokens
// and session ids are 32 random bytes; only their SHA-256 is ever stored.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, o: ScryptOptions): Promise<Buffer> =>
  new Promise((res, rej) => scryptCb(pw, salt, len, o, (err, key) => (err ? rej(err) : res(key))));

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, 32, { ...PARAMS, maxmem: MAXMEM });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse parameters that would make one login cost more than the defaults (a planted record).
  if (N > 2 ** 17 || r > 16 || p > 4) return false;
  const want = Buffer.from(m[5], 'base64url');
  const got = await scrypt(password.normalize('NFC'), Buffer.from(m[4], 'base64url'), want.length, { N, r, p, maxmem: MAXMEM * 4 });
  return want.length === got.length && timingSafeEqual(want, got);
}

/** A new secret (API token or session id), URL-safe. Tokens carry a prefix so leaks are recognisable. */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
