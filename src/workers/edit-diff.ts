// post_edited events carry both versions' blobs and a unified diff of the text. The hot state
// keeps only digests, so the previous text is read back from the archived post-record blob.
import { observationKey } from '../archive/keys.js';
import { ObservationRecord } from '../archive/types.js';
import { PAGE_EDIT_RULE, textDiff, type OpenCandidate, type StepResult, type TargetState } from '../detect/index.js';
import type { Observation } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Blob of the previous version: feeds track it per item; otherwise the last observation record lists it. */
async function previousBlob(d: PipelineDeps, prev: TargetState, key: string): Promise<string | undefined> {
  const tracked = prev.items?.[key]?.b;
  if (tracked) return tracked;
  if (!prev.lastObservationId) return undefined;
  const rec = await d.archive.getJson(observationKey(prev.lastObservationId), ObservationRecord);
  return rec?.posts.find((p) => p.key === key)?.sha256;
}

async function textOf(d: PipelineDeps, sha256: string): Promise<string | undefined> {
  const b = await d.archive.getBlob(sha256);
  if (!b) return undefined;
  const v = JSON.parse(b.toString('utf8')) as { text?: unknown };
  return typeof v.text === 'string' ? v.text : undefined;
}

export async function withEditDiffs(d: PipelineDeps, prev: TargetState, obs: Observation, step: StepResult): Promise<StepResult> {
  const enriched = new Map<string, OpenCandidate>();
  for (const c of step.created) {
    if (c.type !== 'post_edited' || c.postKey === undefined) continue;
    if (c.rule === PAGE_EDIT_RULE) {
      // Both page versions are archived text records named in the candidate (item-recheck.ts).
      const [before, after] = await Promise.all([c.details?.fromBlob, c.details?.toBlob].map((b) => (typeof b === 'string' ? textOf(d, b).catch(() => undefined) : undefined)));
      if (before !== undefined && after !== undefined) enriched.set(c.id, { ...c, details: { ...c.details, diff: textDiff(before, after) } });
      continue;
    }
    const post = obs.posts.find((p) => p.key === c.postKey);
    if (!post) continue;
    const fromBlob = await previousBlob(d, prev, c.postKey).catch(() => undefined);
    const before = fromBlob ? await textOf(d, fromBlob).catch(() => undefined) : undefined;
    const details = {
      ...c.details,
      ...(fromBlob ? { fromBlob } : {}),
      ...(before !== undefined ? { diff: textDiff(before, post.text) } : {}),
    };
    enriched.set(c.id, { ...c, details });
  }
  if (enriched.size === 0) return step;
  const swap = (c: OpenCandidate): OpenCandidate => enriched.get(c.id) ?? c;
  return { ...step, created: step.created.map(swap), confirmed: step.confirmed.map(swap), next: { ...step.next, open: step.next.open.map(swap) } };
}
