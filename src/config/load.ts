// Loads settings: config/default.yaml < --config FILE < VIGIL_* env. Validated once, frozen.
// This is the only module that reads process.env for settings.
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ZodError } from 'zod';
import { VigilError } from '../errors.js';
import { SettingsSchema, type Settings } from './schema.js';
import { parseAllowEntry } from '../capture/address.js';
import { platformEnv } from '../scrapers/registry.js';

type Json = Record<string, unknown>;

export const DEFAULT_CONFIG_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config', 'default.yaml');

/** Env variable -> settings path. Only these are read; anything else VIGIL_* is reported. */
// `nonEmpty`: an empty value is an error, not "unset" (an empty VIGIL_API_TOKEN must never mean
// "no token": that would quietly switch the API to loopback mode).
const ENV_MAP: Record<string, { path: string[]; kind: 'string' | 'int' | 'bool' | 'boolOrList' | 'list'; nonEmpty?: boolean }> = {
  VIGIL_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  VIGIL_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  VIGIL_REDIS_URL: { path: ['redis', 'url'], kind: 'string' },
  VIGIL_REDIS_PREFIX: { path: ['redis', 'prefix'], kind: 'string' },
  VIGIL_REDIS_CLUSTER: { path: ['redis', 'cluster'], kind: 'list' },
  VIGIL_REDIS_SENTINELS: { path: ['redis', 'sentinel', 'nodes'], kind: 'list' },
  VIGIL_REDIS_SENTINEL_NAME: { path: ['redis', 'sentinel', 'name'], kind: 'string' },
  VIGIL_REDIS_SENTINEL_PASSWORD: { path: ['redis', 'sentinel', 'password'], kind: 'string' },
  VIGIL_S3_ENDPOINT: { path: ['s3', 'endpoint'], kind: 'string' },
  VIGIL_S3_REGION: { path: ['s3', 'region'], kind: 'string' },
  VIGIL_S3_BUCKET: { path: ['s3', 'bucket'], kind: 'string' },
  VIGIL_S3_ACCESS_KEY_ID: { path: ['s3', 'accessKeyId'], kind: 'string' },
  VIGIL_S3_SECRET_ACCESS_KEY: { path: ['s3', 'secretAccessKey'], kind: 'string' },
  VIGIL_DATABASE_URL: { path: ['database', 'url'], kind: 'string' },
  VIGIL_DATABASE_READ_URL: { path: ['database', 'readUrl'], kind: 'string' },
  VIGIL_HTTP_HOST: { path: ['http', 'host'], kind: 'string' },
  VIGIL_HTTP_PORT: { path: ['http', 'port'], kind: 'int' },
  VIGIL_API_TOKEN: { path: ['http', 'apiToken'], kind: 'string', nonEmpty: true },
  VIGIL_HTTP_PUBLIC_URL: { path: ['http', 'publicUrl'], kind: 'string' },
  VIGIL_ALLOW_PRIVATE_NETWORK: { path: ['network', 'allowPrivate'], kind: 'boolOrList' },
  VIGIL_TSA_URL: { path: ['integrity', 'tsaUrl'], kind: 'string' },
  VIGIL_CHROMIUM_PATH: { path: ['capture', 'chromiumPath'], kind: 'string' },
  // Each platform's own variables (e.g. its base URL), declared in its scraper folder.
  ...platformEnv(),
};
/** VIGIL_* variables that are not settings (read by the CLI client, not the server). */
const CLIENT_ENV = new Set(['VIGIL_API_URL']);

function setPath(obj: Json, path: string[], value: unknown): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[path[path.length - 1]] = value;
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
        ? deepMerge(prev as Json, v as Json)
        : v;
  }
  return out;
}

function readYaml(file: string): Json {
  if (!existsSync(file)) throw new VigilError('VGL_CONFIG_INVALID', `config: file not found: ${file}`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new VigilError('VGL_CONFIG_INVALID', `config: ${file}: not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new VigilError('VGL_CONFIG_INVALID', `config: ${file}: top level must be a mapping`);
  return doc as Json;
}

function envLayer(env: NodeJS.ProcessEnv): { layer: Json; problems: string[] } {
  const layer: Json = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('VIGIL_') || raw === undefined) continue;
    const spec = ENV_MAP[name];
    if (!spec) {
      if (!CLIENT_ENV.has(name)) problems.push(`${name}: unknown setting (known: ${Object.keys(ENV_MAP).join(', ')})`);
      continue;
    }
    if (raw === '') {
      if (spec.nonEmpty) problems.push(`${name}: empty; unset it to serve loopback clients only, or set a long random token`);
      continue;
    }
    let value: unknown = raw;
    if (spec.kind === 'int') {
      value = Number(raw);
      if (!Number.isInteger(value)) problems.push(`${name}: not an integer: ${JSON.stringify(raw)}`);
    } else if (spec.kind === 'bool') {
      if (!['1', '0', 'true', 'false', 'yes', 'no'].includes(raw.toLowerCase())) problems.push(`${name}: expected 1/0/true/false, got ${JSON.stringify(raw)}`);
      value = ['1', 'true', 'yes'].includes(raw.toLowerCase());
    } else if (spec.kind === 'list') {
      value = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
    } else if (spec.kind === 'boolOrList') {
      // 1/0/true/false/yes/no, or a comma-separated allow-list: "127.0.0.2/31,10.9.0.0/16".
      const lower = raw.trim().toLowerCase();
      const list = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
      if (['1', '0', 'true', 'false', 'yes', 'no'].includes(lower)) value = ['1', 'true', 'yes'].includes(lower);
      else if (list.length > 0 && list.every((x) => parseAllowEntry(x) !== null)) value = list;
      else {
        problems.push(`${name}: expected 1/0/true/false or comma-separated addresses/CIDR ranges (e.g. 127.0.0.2/31), got ${JSON.stringify(raw)}`);
        continue;
      }
    }
    setPath(layer, spec.path, value);
  }
  return { layer, problems };
}

export function formatZodError(e: ZodError, prefix = 'config'): string[] {
  return e.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
    if (i.code === 'unrecognized_keys') return `${prefix}: ${path ? path + ': ' : ''}unknown key(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    return `${prefix}: ${path || '(root)'}: ${i.message}`;
  });
}

export interface LoadOptions {
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra values applied on top of everything (CLI flags, tests). */
  overrides?: Json;
}

export function loadSettings(opts: LoadOptions = {}): Readonly<Settings> {
  const env = opts.env ?? process.env;
  let merged = existsSync(DEFAULT_CONFIG_FILE) ? readYaml(DEFAULT_CONFIG_FILE) : {};
  if (opts.configFile) merged = deepMerge(merged, readYaml(resolve(opts.configFile)));
  const { layer, problems } = envLayer(env);
  merged = deepMerge(merged, layer);
  if (opts.overrides) merged = deepMerge(merged, opts.overrides);
  const parsed = SettingsSchema.safeParse(merged);
  const all = [...problems, ...(parsed.success ? [] : formatZodError(parsed.error))];
  if (all.length || !parsed.success) {
    throw new VigilError('VGL_CONFIG_INVALID', all.join('\n'), { details: { problems: all } });
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
