// A unified diff of two versions of a statement's text, carried by post_edited events so a
// report author sees exactly what the ministry changed. Pure.
import { createTwoFilesPatch } from 'diff';

/** Unified diff (`--- before` / `+++ after`, 3 lines of context); '' when the texts are equal. */
export function textDiff(a: string, b: string, labels: { before?: string; after?: string } = {}): string {
  if (a === b) return '';
  const nl = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);
  return createTwoFilesPatch(labels.before ?? 'before', labels.after ?? 'after', nl(a), nl(b), undefined, undefined, { context: 3 });
}
