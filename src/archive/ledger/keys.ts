// The ledger signing key: Ed25519, created on first start outside the bucket (mode 0600);
// only the public half is published in the bucket, at keys/ledger.pem.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { sha256Hex } from './entry.js';

export const PUBLIC_KEY_KEY = 'keys/ledger.pem';

export interface SigningKey {
  privateKey: KeyObject;
  publicPem: string;
  /** sha256 of the public key PEM, to name it in logs and reports. */
  fingerprint: string;
}

export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'keys', 'ledger-ed25519.pem');

export function keyFromPem(privatePem: string): SigningKey {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new VigilError('VGL_CONFIG_INVALID', `integrity.keyFile: expected an Ed25519 private key, got ${privateKey.asymmetricKeyType}`);
  }
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicPem, fingerprint: sha256Hex(publicPem) };
}

/** Load the key, creating it (and its folder, 0700) on first start. */
export async function loadOrCreateKey(keyFile: string): Promise<SigningKey> {
  try {
    return keyFromPem(await readFile(keyFile, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (err instanceof VigilError) throw err;
      throw new VigilError('VGL_CONFIG_INVALID', `integrity.keyFile ${keyFile}: cannot read the ledger key (${(err as Error).message})`, { cause: err });
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key another process created in the meantime.
  await writeFile(keyFile, pem, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return keyFromPem(await readFile(keyFile, 'utf8'));
}

/** Publish the public key; refuse to replace a different key already in the bucket. */
export async function publishPublicKey(store: ObjectStore, key: SigningKey): Promise<void> {
  const existing = await store.get(PUBLIC_KEY_KEY);
  if (existing && existing.toString('utf8') !== key.publicPem) {
    throw new VigilError(
      'VGL_CONFIG_INVALID',
      `integrity.keyFile holds a different key than the bucket's ${PUBLIC_KEY_KEY}; restore the original key file (checkpoints signed with it would no longer verify)`,
    );
  }
  if (!existing) await store.put(PUBLIC_KEY_KEY, Buffer.from(key.publicPem), { contentType: 'application/x-pem-file', ifNoneMatch: true });
}
