// What a write cut short looks like. The embedded S3 server (s3rver) writes an object's file in
// place, so a server killed mid-upload leaves an empty or truncated object behind. Such an object
// is a failed write, not evidence: a record (always one complete JSON document) that does not
// parse, or a blob whose bytes do not hash to its name, is replaced by the real bytes.

/** True when `body` is a whole JSON record (what Vigil writes), not a truncated upload. */
export function isCompleteRecord(body: Buffer): boolean {
  if (body.length === 0) return false;
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
}

/** Record keys hold JSON; `blobs/` hold artifacts named by their hash. */
export const isBlobKey = (key: string): boolean => key.startsWith('blobs/');
