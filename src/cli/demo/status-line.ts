// Pure: the demo's one-line live status and the event lines printed above it.

export interface DemoSnapshot {
  elapsedMs: number;
  scenarioMs: number;
  targets: number;
  targetsOk: number;
  posts: number;
  candidates: number;
  confirmed: number;
  dismissed: number;
  /** After the scenario: what the verdict still waits for. */
  verdict?: string;
}

const secs = (ms: number): string => `${Math.round(ms / 1000)}s`;

export function statusLine(s: DemoSnapshot, width = 20): string {
  const frac = s.scenarioMs > 0 ? Math.min(1, s.elapsedMs / s.scenarioMs) : 1;
  const filled = Math.round(frac * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  return (
    `scenario ${bar} ${secs(Math.min(s.elapsedMs, s.scenarioMs))}/${secs(s.scenarioMs)}` +
    ` | targets ${s.targetsOk}/${s.targets} ok | posts archived ${s.posts}` +
    ` | events: ${s.candidates} candidate, ${s.confirmed} confirmed, ${s.dismissed} dismissed` +
    (s.verdict ? ` | ${s.verdict}` : '')
  );
}

export function eventLine(e: { type: string; status: string; channel: string; postId?: string; rule?: string }, at: Date): string {
  const mark = e.status === 'confirmed' ? 'CONFIRMED' : e.status === 'dismissed' ? 'dismissed' : 'candidate';
  const subject = e.postId ?? e.channel;
  return `${at.toISOString().slice(11, 19)}  ${mark.padEnd(9)} ${e.type.padEnd(20)} ${subject}${e.rule ? `  (${e.rule})` : ''}`;
}
