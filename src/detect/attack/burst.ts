// Bursts and synchrony over interaction times. A burst (many interactions in a short window) is
// what every attack and every viral post has in common: it gates the rule, never fires it alone.
// Synchrony is stricter: a large share of the burst inside one span of a few seconds (scripted).

/** The densest window of `windowMs`: indices (into `times`, ms) of the interactions in it. */
export function densestWindow(times: readonly number[], windowMs: number): number[] {
  const order = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let best: [number, number] = [0, 0];
  let lo = 0;
  for (let hi = 0; hi < order.length; hi++) {
    while (order[hi]![0] - order[lo]![0] > windowMs) lo++;
    if (hi - lo + 1 > best[1] - best[0]) best = [lo, hi + 1];
  }
  return order.slice(best[0], best[1]).map(([, i]) => i);
}

/** The most interactions that fall in one span of `spanMs` (the tightest synchronized group). */
export function maxInSpan(times: readonly number[], spanMs: number): number {
  return densestWindow(times, spanMs).length;
}
