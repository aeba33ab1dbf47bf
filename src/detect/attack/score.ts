// attack_suspected: does one target's recent interaction look like a bot-farm attack? Take the
// densest burst window; measure the group's traits; weigh the features that fired. It fires only
// with a burst, at least two other features and a score at the threshold: a viral post draws a
// burst of real, diverse accounts (own avatars, own words, spread in time) and stays silent.
import type { AttackSettings } from './settings.js';
import type { AttackFinding, Feature, FiredFeature, ReportCall, SeenInteraction } from './types.js';
import { densestWindow, maxInSpan } from './burst.js';
import { nearDuplicateClusters, sigHex, signature } from './minhash.js';
import { impersonates, type TargetNames } from './lookalike.js';
import { callsToReport } from './report-calls.js';
import { accountOf, authorTraits, largestBatch } from './traits.js';

/** Weights of the features (sum > 1: the score is capped at 1). Coordination weighs most. */
export const WEIGHTS: Record<Feature, number> = {
  burst: 0.1,
  synchronized: 0.15,
  near_duplicates: 0.25,
  generated_handles: 0.15,
  default_avatars: 0.1,
  few_followers: 0.1,
  recently_created: 0.1,
  batch_created: 0.15,
  lookalikes: 0.2,
  report_calls: 0.2,
};

export interface AttackInput {
  target: TargetNames;
  interactions: readonly SeenInteraction[];
  /** Calls to report the target seen in watched channels' posts (within the lookback). */
  reportCalls?: readonly ReportCall[];
  /** Now (ms): the lookback ends here. */
  now: number;
}

const timeOf = (s: SeenInteraction): number => {
  const t = s.interaction.at ? Date.parse(s.interaction.at) : NaN;
  return Number.isFinite(t) ? t : Date.parse(s.seenAt);
};
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The finding, fired or not (`fired` says), so the bench and tests can see what was measured. */
export function scoreAttack(input: AttackInput, cfg: AttackSettings): AttackFinding & { fired: boolean } {
  const recent = input.interactions.filter((s) => timeOf(s) <= input.now + 60_000 && timeOf(s) >= input.now - cfg.lookback);
  const times = recent.map(timeOf);
  const burst = densestWindow(times, cfg.burstWindow).map((i) => recent[i]!);
  const bt = burst.map(timeOf);
  const accounts = new Map<string, SeenInteraction[]>();
  for (const s of burst) accounts.set(accountOf(s.interaction.author), [...(accounts.get(accountOf(s.interaction.author)) ?? []), s]);
  const fired: FiredFeature[] = [];
  const fire = (name: Feature, value: FiredFeature['value']) => fired.push({ name, weight: WEIGHTS[name], value });
  const involved = new Set<string>();
  const n = burst.length;
  const nAcc = accounts.size;

  const isBurst = n >= cfg.minBurst && nAcc >= cfg.minAccounts;
  if (isBurst) fire('burst', { interactions: n, accounts: nAcc, windowSeconds: cfg.burstWindow / 1000 });

  const clusters = nearDuplicateClusters(burst.map((s) => s.interaction.text), cfg.nearDuplicate);
  const top = clusters[0] ?? [];
  const topAccounts = new Set(top.map((i) => accountOf(burst[i]!.interaction.author)));

  // Synchronized: most of the burst inside one short span, or (CooRTweet) many accounts posting
  // near-duplicates within that span, even when a crowd of real replies surrounds them.
  const sync = maxInSpan(bt, cfg.syncWindow);
  const dupSync = maxInSpan(top.map((i) => bt[i]!), cfg.syncWindow);
  if (isBurst && (sync / n >= cfg.syncShare || (dupSync >= cfg.minAccounts && topAccounts.size >= cfg.minAccounts))) {
    fire('synchronized', { inSpan: sync, share: round(sync / n), nearDuplicatesInSpan: dupSync, spanSeconds: cfg.syncWindow / 1000 });
  }
  if (n > 0 && top.length / n >= cfg.duplicateShare && topAccounts.size >= Math.min(3, cfg.minAccounts)) {
    fire('near_duplicates', { cluster: top.length, accounts: topAccounts.size, share: round(top.length / n), clusters: clusters.length });
    for (const a of topAccounts) involved.add(a);
  }

  // Traits are judged per account (one farm account posting ten times counts once).
  const traits = [...accounts].map(([acc, xs]) => ({ acc, t: authorTraits(xs[0]!.interaction.author, timeOf(xs[0]!), { fewFollowers: cfg.fewFollowers, newAccountMs: cfg.newAccount }) }));
  const share = (pick: (t: (typeof traits)[number]['t']) => boolean | undefined, feature: Feature) => {
    const known = traits.filter((x) => pick(x.t) !== undefined);
    const yes = known.filter((x) => pick(x.t));
    if (known.length >= cfg.minAccounts && yes.length / known.length >= cfg.traitShare) {
      fire(feature, { accounts: yes.length, of: known.length, share: round(yes.length / known.length) });
      for (const x of yes) involved.add(x.acc);
    }
  };
  share((t) => t.generatedHandle, 'generated_handles');
  share((t) => t.defaultAvatar, 'default_avatars');
  share((t) => t.fewFollowers, 'few_followers');
  share((t) => t.recentlyCreated, 'recently_created');

  const created = [...accounts].flatMap(([account, xs]) => {
    const at = xs[0]!.interaction.author.createdAt ? Date.parse(xs[0]!.interaction.author.createdAt) : NaN;
    return Number.isFinite(at) ? [{ account, at }] : [];
  });
  const batch = largestBatch(created, cfg.batchSpan);
  if (created.length >= cfg.minAccounts && batch.length >= 3 && batch.length / created.length >= cfg.traitShare) {
    fire('batch_created', { accounts: batch.length, of: created.length, spanHours: cfg.batchSpan / 3_600_000 });
    for (const a of batch) involved.add(a);
  }

  // Lookalikes and report calls count over the whole lookback, not just the burst.
  const fakes = new Set(recent.filter((s) => impersonates(s.interaction.author, input.target)).map((s) => accountOf(s.interaction.author)));
  if (fakes.size > 0) {
    fire('lookalikes', { accounts: [...fakes].sort() });
    for (const a of fakes) involved.add(a);
  }
  const calls = recent.filter((s) => callsToReport(s.interaction.text, input.target.handle, true));
  const external = input.reportCalls ?? [];
  if (calls.length + external.length > 0) {
    fire('report_calls', { inComments: calls.length, inWatchedChannels: external.length, sources: external.map((c) => c.source).slice(0, 20) });
    for (const s of calls) involved.add(accountOf(s.interaction.author));
  }

  const score = round(Math.min(1, fired.reduce((a, f) => a + f.weight, 0)));
  const others = fired.filter((f) => f.name !== 'burst').length;
  const isFired = isBurst && others >= 2 && score >= cfg.threshold;
  const inv = new Set(involved);
  const evidence = new Set<string>();
  for (const s of [...burst, ...recent.filter((r) => inv.has(accountOf(r.interaction.author)))]) {
    for (const ref of [s.observationId, s.blob, s.capture]) if (ref) evidence.add(ref);
  }
  for (const c of external) if (c.evidence) evidence.add(c.evidence);
  const sigs = clusters.slice(0, 3).map((c) => sigHex(signature(burst[c[0]!]!.interaction.text)));
  return {
    fired: isFired,
    score,
    features: fired,
    accounts: [...inv].sort(),
    from: new Date(bt.length ? Math.min(...bt) : input.now).toISOString(),
    to: new Date(bt.length ? Math.max(...bt) : input.now).toISOString(),
    interactions: n,
    evidence: [...evidence].sort(),
    textSigs: sigs,
    samples: top.slice(0, 3).map((i) => burst[i]!.interaction.text.slice(0, 200)),
  };
}
