// Pure: the lines the demo prints under a confirmed event to show what its details link it to,
// read generically from `details` (no detector's types imported): `consistentWith` (a takedown or
// shadow-ban that followed an attack on the same target: evidence, not proof), an attack's score
// and the features that fired, and the accounts / members a finding names.

export interface LinkedEvent {
  type: string;
  channel: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

/** 95 -> "1m35s", 7200 -> "2h0m", 3 days -> "3d2h". */
export function humanLag(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}

/** Feature names of `details.features`: strings, or objects with a `name`. */
function featureNames(v: unknown): string[] {
  return (list(v) ?? []).flatMap((f) => (typeof f === 'string' ? [f] : f && typeof f === 'object' && typeof (f as { name?: unknown }).name === 'string' ? [(f as { name: string }).name] : []));
}

export function detailLines(details: Record<string, unknown> | null | undefined, lookup: (eventId: string) => LinkedEvent | undefined, indent = '          '): string[] {
  if (!details) return [];
  const lines: string[] = [];
  const cw = details.consistentWith;
  if (cw && typeof cw === 'object') {
    const c = cw as Record<string, unknown>;
    const id = typeof c.attackEventId === 'string' ? c.attackEventId : typeof c.eventId === 'string' ? c.eventId : undefined;
    const linked = id ? lookup(id) : undefined;
    const what = linked ? `${linked.type} on ${linked.channel} (event ${id})` : id ? `event ${id}` : 'an earlier event';
    const lag = num(c.lagSeconds);
    const score = num(c.score);
    const evidence = list(c.evidence)?.length;
    const extra = [score !== undefined ? `score ${score.toFixed(2)}` : '', evidence ? `${evidence} evidence record${evidence === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    lines.push(`${indent}↳ consistent with ${what}${lag !== undefined ? `, ${humanLag(lag)} earlier` : ''}${extra ? ` (${extra})` : ''}: evidence, not proof`);
  }
  const score = num(details.score);
  const features = featureNames(details.features);
  if (score !== undefined || features.length) {
    lines.push(`${indent}↳ ${score !== undefined ? `score ${score.toFixed(2)}` : 'features'}${features.length ? `: ${features.join(', ')}` : ''}`);
  }
  const counts = (['accounts', 'attackers', 'members'] as const).flatMap((k) => {
    const n = list(details[k])?.length;
    return n ? [`${n} ${k}`] : [];
  });
  if (counts.length) lines.push(`${indent}↳ ${counts.join(', ')}`);
  return lines;
}
