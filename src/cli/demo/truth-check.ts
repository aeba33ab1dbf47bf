// Pure: compares what Vigil reported with the simulator's ground truth, for the demo's summary.
// A truth event is "found" when a confirmed Vigil event of the same type names the same channel
// (and the same post for post events). Confirmed Vigil events with no truth are false alarms.

export interface TruthItem {
  type: string;
  channel: string; // target id (for Telegram demo targets: the username at the time it happened)
  postNum?: number;
  /** Matched exactly when given (statements are identified by URL, not by number). */
  postId?: string;
  to?: string;
  at: string;
}

export interface ReportedEvent {
  id: string;
  type: string;
  status: string;
  /** The event's target id. */
  channel: string;
  postNum?: number;
  postId?: string;
}

export interface TruthRow {
  truth: TruthItem;
  found?: ReportedEvent;
  candidate?: ReportedEvent;
}

export interface TruthReport {
  rows: TruthRow[];
  falseAlarms: ReportedEvent[];
  found: number;
  missed: number;
}

const sameSubject = (t: TruthItem, e: ReportedEvent): boolean =>
  t.type === e.type &&
  t.channel === e.channel &&
  (t.postId !== undefined ? t.postId === e.postId : t.postNum === undefined || t.postNum === e.postNum);

export function compareWithTruth(truth: TruthItem[], events: ReportedEvent[]): TruthReport {
  const confirmed = events.filter((e) => e.status === 'confirmed');
  const used = new Set<string>();
  const rows = truth.map((t) => {
    const found = confirmed.find((e) => !used.has(e.id) && sameSubject(t, e));
    if (found) used.add(found.id);
    const candidate = found ? undefined : events.find((e) => e.status === 'candidate' && sameSubject(t, e));
    return { truth: t, ...(found ? { found } : {}), ...(candidate ? { candidate } : {}) };
  });
  const falseAlarms = confirmed.filter((e) => !used.has(e.id) && !truth.some((t) => sameSubject(t, e)));
  const found = rows.filter((r) => r.found).length;
  return { rows, falseAlarms, found, missed: rows.length - found };
}

/** `politzek_support_sim/12` → 12 (post ids are `<username>/<num>` for Telegram). */
export function postNumOf(postId: string | undefined): number | undefined {
  const m = postId ? /\/(\d+)$/.exec(postId) : null;
  return m ? Number(m[1]) : undefined;
}
