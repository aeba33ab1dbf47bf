// A stable key for posts that have no short id of their own (feed items, listed statements): the
// first 48 bits of the sha256 of their id, as a number. Stable across polls, and the same value
// PostRecord.num had before posts were addressed by strings, so hot states and catalog rows made
// then keep matching (key = String(stableNum(id))).
import { createHash } from 'node:crypto';

export const stableNum = (id: string): number => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16);

/** The post key of an item with this id. */
export const stableKey = (id: string): string => String(stableNum(id));
