// An edit's two versions side by side, the changed words marked. Pure.
// post_edited events carry a unified diff of the text (src/detect/text-diff.ts); the lines it
// shows are compared word by word so the reader sees exactly which words changed. Without a
// diff in the event (older events, a first version never archived) the two versions' texts are
// compared the same way.
import { diffWords, parsePatch } from 'diff';
import { h, type Html } from './html.js';

export interface SideBySide {
  before: Html;
  after: Html;
  /** Words removed / added, for tests and summaries. */
  removed: string[];
  added: string[];
}

/** The before and after texts a unified diff shows (context lines in both). */
export function sidesOfPatch(patch: string): { before: string; after: string } | null {
  let files;
  try {
    files = parsePatch(patch);
  } catch {
    return null;
  }
  const hunks = files.flatMap((f) => f.hunks);
  if (!hunks.length) return null;
  const before: string[] = [];
  const after: string[] = [];
  hunks.forEach((hk, i) => {
    if (i) before.push('…'), after.push('…');
    for (const line of hk.lines) {
      const body = line.slice(1);
      if (line[0] === ' ') before.push(body), after.push(body);
      else if (line[0] === '-') before.push(body);
      else if (line[0] === '+') after.push(body);
    }
  });
  return { before: before.join('\n'), after: after.join('\n') };
}

export function wordDiff(before: string, after: string): SideBySide {
  const parts = diffWords(before, after);
  const removed = parts.filter((p) => p.removed).map((p) => p.value.trim()).filter(Boolean);
  const added = parts.filter((p) => p.added).map((p) => p.value.trim()).filter(Boolean);
  return {
    before: h`${parts.filter((p) => !p.added).map((p) => (p.removed ? h`<del class="w">${p.value}</del>` : h`${p.value}`))}`,
    after: h`${parts.filter((p) => !p.removed).map((p) => (p.added ? h`<ins class="w">${p.value}</ins>` : h`${p.value}`))}`,
    removed,
    added,
  };
}

/** From the event's diff when it has one, else from the two texts. */
export function editSides(diff: unknown, beforeText: string, afterText: string): SideBySide {
  const fromPatch = typeof diff === 'string' && diff ? sidesOfPatch(diff) : null;
  return fromPatch ? wordDiff(fromPatch.before, fromPatch.after) : wordDiff(beforeText, afterText);
}
