// The post record exactly as archived (views live in the observation, so an unchanged post keeps
// one blob), and the sha256 that names its blob. Pure: the detector can name a version's blob
// before the worker has stored it.
import { sha256Hex } from '../ids.js';
import type { PostRecord } from '../scrapers/types.js';

export const postBytes = (p: PostRecord): Buffer => {
  const { views: _views, ...rest } = p;
  return Buffer.from(JSON.stringify(rest));
};

export const postBlobSha = (p: PostRecord): string => sha256Hex(postBytes(p));
