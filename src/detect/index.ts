// Public API of the detector (pure): diff, rules, confirmation.
export { postDigest, contentDigest, isServiceDigest, DIGEST_VERSION, type ContentOf } from './digest.js';
export { mergeObservations, withLanding } from './merge.js';
export { diffPosts, prunePosts, keepOrders, type PostDiff } from './diff.js';
export { accountFindings, renameFindings, postFindings, stance, isVerdict, type Finding, type DetectContext, type Stance } from './rules.js';
export { isReady, settle, applyProbe, applyConfirmed, eventIdFor, type ConfirmPolicy } from './confirm.js';
export { detectStep, digestsOf, type StepOptions, type StepResult } from './step.js';
export { emptyState, upgradeState, orderOf, type TargetState, type OpenCandidate } from './state.js';
export { toEventRecord } from './events.js';
export { isFeed, olderThan, vanishedItems, trackItems, pruneItems, forgetItems, itemStub, type Vanished } from './feed.js';
export { postBytes, postBlobSha } from './post-blob.js';
export { DISCOVERED_RENAME_RULE } from './rules.js';
export { textDiff } from './text-diff.js';
export type { FeedItem } from './state.js';
export { PAGE_EDIT_RULE, PAGE_GONE_RULE, pageRecord, pageBlobSha, pickRechecks, pageChanges, pageStance, applyPageChecks, type PageChecks, type RecheckPolicy, type PageFinding } from './recheck.js';
export { SWEEP_RULE, sweepStart, nextCursor, sweptRange, sweptPresent, needRecheck, sweptMissing, sweepBears, sweepStep, type SweptPage, type SweepStepResult, type Range, type KnownPost } from './sweep.js';
export { judgeVantages, RECHECKED_STATES, type VantageAnswer, type VantageVerdict } from './vantages.js';
