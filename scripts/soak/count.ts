// What a soak run is judged on, from the bucket and the simulator's ground truth. Pure.
//
// - lost: a post the simulator published that no observation record archived, and a deletion
//   (simulator truth) of an archived post that no post_deleted event reports;
// - duplicated: a record key ledgered more than once, and more than one event id for one
//   (type, post) pair;
// - false alarms: a confirmed event the truth does not back (any account-level event: the soak
//   changes no account; a post_deleted or post_edited of a post the simulator did not touch so).

export interface SoakTruth {
  /** Posts published, as `<channel>/<num>`. */
  published: Set<string>;
  /** Posts deleted, as `<channel>/<num>`. */
  deleted: Set<string>;
}

export interface SoakEvent {
  id: string;
  type: string;
  status: string;
  postId?: string;
}

export interface SoakBucket {
  /** Post ids (`<channel>/<num>`) any observation record holds. */
  archived: Set<string>;
  events: SoakEvent[];
  /** The record key of every ledger entry, in ledger order. */
  ledgerKeys: string[];
}

export interface SoakCounts {
  lost: number;
  duplicated: number;
  falseAlarms: number;
  detail: { notArchived: string[]; undetected: string[]; duplicateKeys: string[]; duplicateEvents: string[]; falseAlarms: string[] };
}

const sample = (xs: Iterable<string>): string[] => [...xs].slice(0, 10);

export function countSoak(truth: SoakTruth, b: SoakBucket): SoakCounts {
  // A post deleted before any poll could see it was never Vigil's to keep.
  const notArchived = [...truth.published].filter((p) => !b.archived.has(p) && !truth.deleted.has(p));
  const reported = new Set(b.events.filter((e) => e.type === 'post_deleted' && e.postId).map((e) => e.postId!));
  const undetected = [...truth.deleted].filter((p) => b.archived.has(p) && !reported.has(p));

  const seenKeys = new Set<string>();
  const duplicateKeys = new Set<string>();
  for (const k of b.ledgerKeys) (seenKeys.has(k) ? duplicateKeys : seenKeys).add(k);
  const idsByPair = new Map<string, Set<string>>();
  for (const e of b.events) {
    const pair = `${e.type}|${e.postId ?? ''}`;
    idsByPair.set(pair, (idsByPair.get(pair) ?? new Set()).add(e.id));
  }
  const duplicateEvents = [...idsByPair].filter(([, ids]) => ids.size > 1).map(([pair]) => pair);

  const falseAlarms = b.events
    .filter((e) => e.status === 'confirmed')
    .filter((e) => !(e.type === 'post_deleted' && e.postId && truth.deleted.has(e.postId)))
    .map((e) => `${e.type}|${e.postId ?? ''}`);

  return {
    lost: notArchived.length + undetected.length,
    duplicated: duplicateKeys.size + duplicateEvents.length,
    falseAlarms: falseAlarms.length,
    detail: { notArchived: sample(notArchived), undetected: sample(undetected), duplicateKeys: sample(duplicateKeys), duplicateEvents: sample(duplicateEvents), falseAlarms: sample(falseAlarms) },
  };
}
