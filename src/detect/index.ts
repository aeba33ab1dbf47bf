// Public API of the detector (pure): diff, rules, confirmation.
export { postDigest, contentDigest, isServiceDigest } from './digest.js';
export { mergeObservations } from './merge.js';
export { diffPosts, prunePosts, type PostDiff } from './diff.js';
export { accountFindings, renameFindings, postFindings, stance, isVerdict, type Finding, type DetectContext, type Stance } from './rules.js';
export { isReady, settle, applyProbe, applyConfirmed, eventIdFor, type ConfirmPolicy } from './confirm.js';
export { detectStep, digestsOf, type StepOptions, type StepResult } from './step.js';
export { emptyState, type TargetState, type OpenCandidate } from './state.js';
export { toEventRecord } from './events.js';
