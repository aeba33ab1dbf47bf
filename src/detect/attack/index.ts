// Bot-farm attack detection (issue 10, "Attacks"): pure rules over archived interactions.
export * from './settings.js';
export * from './types.js';
export { scoreAttack, WEIGHTS, type AttackInput } from './score.js';
export { linkToAttack, keepAttacks, sameAttack, LINKED_TYPES, LINK_NOTE, type AttackRef, type ConsistentWith } from './link.js';
export { findCampaign, type AttackSummary, type CampaignFinding } from './campaign.js';
export { callsToReport, isReportCall, mentionedHandles } from './report-calls.js';
export { impersonates, isLookalike, skeleton, editDistance, type TargetNames } from './lookalike.js';
export { nearDuplicateClusters, signature, similarity, shingles, normalizeText } from './minhash.js';
export { generatedHandle, authorTraits, largestBatch, accountOf } from './traits.js';
export { densestWindow, maxInSpan } from './burst.js';
