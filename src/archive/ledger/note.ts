// Checkpoint body: a signed-note style text (origin, tree size, base64 root, then our own
// lines: hash of entry n-1 and the UTC time). Pure.
import { VigilError } from '../../errors.js';

export interface CheckpointBody {
  origin: string;
  size: number;
  /** RFC 9162 root, 32 bytes. */
  root: Buffer;
  /** sha256 (hex) of ledger entry size-1, i.e. the chain head covered. */
  head: string;
  /** ISO-8601 UTC. */
  time: string;
}

export const checkpointKey = (size: number, ext: 'body' | 'sig' | 'tsr'): string => `checkpoints/${String(size).padStart(12, '0')}.${ext}`;

export function checkpointSizeFromKey(key: string): number | null {
  const m = /^checkpoints\/(\d{12})\.body$/.exec(key);
  return m ? Number(m[1]) : null;
}

export function formatBody(b: CheckpointBody): Buffer {
  if (/\n/.test(b.origin)) throw new VigilError('VGL_CONFIG_INVALID', 'checkpoint origin must be one line');
  return Buffer.from(`${b.origin}\n${b.size}\n${b.root.toString('base64')}\nhead sha256:${b.head}\ntime ${b.time}\n`, 'utf8');
}

export function parseBody(bytes: Buffer): CheckpointBody {
  const lines = bytes.toString('utf8').split('\n');
  const bad = (why: string) => new VigilError('VGL_VERIFY_FAILED', `checkpoint body: ${why}`);
  if (lines.length !== 6 || lines[5] !== '') throw bad(`expected 5 lines, got ${lines.length - 1}`);
  const [origin, sizeText, rootText, headLine, timeLine] = lines;
  if (!/^\d+$/.test(sizeText)) throw bad(`size "${sizeText}" is not a number`);
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) throw bad('root is not base64 of 32 bytes');
  const head = /^head sha256:([0-9a-f]{64})$/.exec(headLine);
  if (!head) throw bad('4th line must be "head sha256:<hex>"');
  const time = /^time (\d{4}-\d\d-\d\dT[0-9:.]+Z)$/.exec(timeLine);
  if (!time) throw bad('5th line must be "time <ISO UTC>"');
  return { origin, size: Number(sizeText), root, head: head[1], time: time[1] };
}
