// Public API of the detector (pure): diff, rules, confirmation.
export { postDigest, contentDigest, isServiceDigest } from './digest.js';
export { mergeObservations } from './merge.js';
export { diffPosts, prunePosts, type PostDiff } from './diff.js';
export { accountFindings, renameFindings, postFindings, stance, isVerdict, type Finding, type DetectContext, type Stance } from './rules.js';
export { isReady, settle, applyProbe, applyConfirmed, eventIdFor, type ConfirmPolicy } from './confirm.js';
export { detectStep, digestsOf, type StepOptions, type StepResult } from './step.js';
export { emptyState, type TargetState, type OpenCandidate } from './state.js';
export { toEventRecord } from './events.js';
export { FEED_PLATFORMS, isFeed, olderThan, vanishedItems, trackItems, pruneItems, forgetItems, itemStub, type Vanished } from './feed.js';
export { postBytes, postBlobSha } from './post-blob.js';
export { referencedUsernames } from './forwards.js';
export { DIGEST_VERSION, stableHtml } from './digest.js';
export { DISCOVERED_RENAME_RULE } from './rules.js';
export { textDiff } from './text-diff.js';
export type { FeedItem } from './state.js';
export { PAGE_EDIT_RULE, PAGE_GONE_RULE, pageRecord, pageBlobSha, pickRechecks, pageChanges, pageStance, applyPageChecks, type PageChecks, type RecheckPolicy, type PageFinding } from './recheck.js';
export { SWEEP_RULE, sweepStart, nextCursor, sweptRange, sweptPresent, needRecheck, sweptMissing, sweepBears, sweepStep, type SweptPage, type SweepStepResult, type Range } from './sweep.js';
