// What counts as a video's content for edit detection (its digest): the id and the title. Not the
// description snippet (only one of the two item formats of the Videos tab shows it, so it would
// flap between polls), not the relative age or the order estimated from it, not views, not the
// thumbnail. Pure.
import type { PostRecord } from '../types.js';

/** The title: the first line of the post text (YouTube titles are a single line). */
export const titleOf = (p: Pick<PostRecord, 'text'>): string => p.text.split('\n', 1)[0] ?? '';

export function youtubeContent(p: PostRecord): unknown {
  return [p.key, titleOf(p), p.service ?? false];
}
