// What an evidence package's ZIP may contain, decided before a byte is inflated. `vigil verify`
// must check exactly what `unzip` would extract, and must not be knocked over by the file it
// checks: so no two entries may land on one path, no entry may leave the folder or be a symlink,
// and sizes, counts and compression ratios are capped (ZIP bombs). Pure.

export interface UnzipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Declared (and actual) uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Sum of the uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * Defaults: a package is built in memory from a bounded selection (20 000 posts), so these are
 * far above any real export and far below what exhausts a laptop. Deflate reaches ~1032:1 on
 * uniform bytes; real artifacts (HTML, JSON, PNG, WARC) stay well under 100:1.
 */
export const DEFAULT_UNZIP_LIMITS: UnzipLimits = {
  maxEntries: 200_000,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 ** 2,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why a name is unsafe (or aliases another name on disk), or null. Directory names end in '/'. */
export function entryNameProblem(name: string): string | null {
  if (name === '') return 'an empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character';
  if (name.includes('\\')) return 'a backslash (a path separator for some unzip tools)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  const parts = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (parts.includes('..')) return 'a ".." segment (it would be written outside the folder)';
  if (parts.includes('.') || parts.includes('')) return 'an empty or "." segment (it aliases another path)';
  return null;
}

export interface EntryFacts {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  externalFileAttributes: number;
  encrypted: boolean;
}

/** Running totals over the entries seen so far (mutated by `checkEntry`). */
export interface ZipTally {
  names: Set<string>;
  declaredBytes: number;
}

export const newTally = (): ZipTally => ({ names: new Set(), declaredBytes: 0 });

const mib = (n: number): string => `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** Why this entry must not be extracted, or null. Records the entry in `tally`. */
export function entryProblem(e: EntryFacts, limits: UnzipLimits, tally: ZipTally): string | null {
  const name = JSON.stringify(e.name);
  const bad = entryNameProblem(e.name);
  if (bad) return `entry ${name} has ${bad}`;
  if (tally.names.has(e.name)) return `entry ${name} appears twice: unzip would overwrite the first copy with the second, so what is checked would not be what is extracted`;
  tally.names.add(e.name);
  if (((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return `entry ${name} is a symbolic link: unzip would create a link to another file instead of these bytes`;
  if (e.encrypted) return `entry ${name} is encrypted`;
  if (e.uncompressedSize > limits.maxEntryBytes) return `entry ${name} declares ${mib(e.uncompressedSize)} uncompressed, above the ${mib(limits.maxEntryBytes)} limit per entry (ZIP bomb?)`;
  tally.declaredBytes += e.uncompressedSize;
  if (tally.declaredBytes > limits.maxTotalBytes) return `entries up to ${name} declare ${mib(tally.declaredBytes)} uncompressed, above the ${mib(limits.maxTotalBytes)} limit per package (ZIP bomb?)`;
  if (e.uncompressedSize > limits.ratioFloorBytes && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
    const ratio = Math.round(e.uncompressedSize / Math.max(1, e.compressedSize));
    return `entry ${name} inflates ${ratio}:1 (${mib(e.compressedSize)} to ${mib(e.uncompressedSize)}), above the ${limits.maxRatio}:1 limit (ZIP bomb?)`;
  }
  return null;
}
