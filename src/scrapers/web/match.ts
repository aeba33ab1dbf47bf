// Recognise a web: target: `web:<http(s) url>` with an optional `#sel=<css>` item selector.
import { selectAll } from 'css-select';
import type { TargetRef } from '../types.js';
import { splitTarget, targetKey } from './target.js';

/** Only the `web:` prefix: a bare URL is ambiguous (feed? listing? one post?). */
export function matchWeb(input: string): TargetRef | null {
  const m = /^web:(.*)$/i.exec(input.trim());
  if (!m) return null;
  const w = splitTarget(m[1].trim());
  if (!w) return null;
  if (w.selector !== undefined && !validSelector(w.selector)) return null;
  const key = targetKey(w);
  return { platform: 'web', key, spec: `web:${key}` };
}

function validSelector(sel: string): boolean {
  try {
    selectAll(sel, []); // compiles the query; throws on invalid CSS
    return true;
  } catch {
    return false;
  }
}
