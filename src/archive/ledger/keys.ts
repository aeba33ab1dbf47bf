// The ledger signing key: Ed25519, created on first start outside the bucket (mode 0600);
// only the public half is published in the bucket, at keys/ledger.pem. Its fingerprint is what
// a verifier pins: the bucket's copy of the public key proves nothing on its own.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';

export const PUBLIC_KEY_KEY = 'keys/ledger.pem';

export interface SigningKey {
  privateKey: KeyObject;
  publicPem: string;
  /** SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo: what `keyFingerprint` returns. */
  fingerprint: string;
}

/** The command that prints the same fingerprint with standard tools. */
export const FINGERPRINT_COMMAND = 'openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum';

/**
 * SHA-256 (hex) of a public key's DER SubjectPublicKeyInfo, i.e. what
 * `openssl pkey -pubin -in keys/ledger.pem -outform DER | sha256sum` prints. Independent of PEM
 * line wrapping or trailing whitespace. Throws VGL_VERIFY_FAILED when `key` is not a public key.
 */
export function keyFingerprint(key: string | KeyObject): string {
  let obj: KeyObject;
  try {
    obj = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  } catch (cause) {
    throw new VigilError('VGL_VERIFY_FAILED', 'not a PEM public key', { cause });
  }
  return createHash('sha256').update(obj.export({ type: 'spki', format: 'der' })).digest('hex');
}

export { normalizeFingerprint } from '../../config/fingerprint.js';

export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'keys', 'ledger-ed25519.pem');

export function keyFromPem(privatePem: string): SigningKey {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new VigilError('VGL_CONFIG_INVALID', `integrity.keyFile: expected an Ed25519 private key, got ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicPem, fingerprint: keyFingerprint(publicKey) };
}

/** Read an existing key file; null when there is none (never creates one). */
export async function readSigningKey(keyFile: string): Promise<SigningKey | null> {
  let pem: string;
  try {
    pem = await readFile(keyFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VigilError('VGL_CONFIG_INVALID', `integrity.keyFile ${keyFile}: cannot read the ledger key (${(err as Error).message})`, { cause: err });
  }
  try {
    return keyFromPem(pem);
  } catch (err) {
    if (err instanceof VigilError) throw err;
    throw new VigilError('VGL_CONFIG_INVALID', `integrity.keyFile ${keyFile}: not a PEM private key (${(err as Error).message})`, { cause: err });
  }
}

/** Load the key, creating it (and its folder, 0700) on first start. */
export async function loadOrCreateKey(keyFile: string): Promise<SigningKey> {
  const existing = await readSigningKey(keyFile);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key another process created in the meantime.
  await writeFile(keyFile, pem, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return keyFromPem(await readFile(keyFile, 'utf8'));
}

/** Publish the public key; refuse to go on when the bucket holds a different one. */
export async function publishPublicKey(store: ObjectStore, key: SigningKey): Promise<void> {
  const existing = await store.get(PUBLIC_KEY_KEY);
  if (existing) {
    let theirs: string;
    try {
      theirs = keyFingerprint(existing.toString('utf8'));
    } catch {
      theirs = 'unreadable';
    }
    if (theirs !== key.fingerprint) {
      throw new VigilError(
        'VGL_CONFIG_INVALID',
        `the bucket's ${PUBLIC_KEY_KEY} (fingerprint ${theirs}) is not the public half of integrity.keyFile (fingerprint ${key.fingerprint}): ` +
          `either the key file was replaced (restore the original) or someone replaced the bucket's public key (restore ${PUBLIC_KEY_KEY} and run \`vigil verify --bucket --key-fingerprint ${key.fingerprint}\`)`,
      );
    }
    return;
  }
  await store.put(PUBLIC_KEY_KEY, Buffer.from(key.publicPem), { contentType: 'application/x-pem-file', ifNoneMatch: true });
}
