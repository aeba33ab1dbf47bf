// Feed items have string ids; PostRecord.num must be an int. The first 48 bits of the
// sha256 of the id are stable across polls and well inside Number.MAX_SAFE_INTEGER.
import { createHash } from 'node:crypto';

export const stableNum = (id: string): number => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16);
