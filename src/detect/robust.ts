// Robust statistics for baselines (median / MAD): one viral post or one dead post does not move
// them the way a mean and a standard deviation would. Pure.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation from the median. */
export function mad(xs: readonly number[], med = median(xs)): number {
  return median(xs.map((x) => Math.abs(x - med)));
}

/**
 * Robust z-score of x against a sample: (x - median) / (1.4826 * MAD); 1.4826 makes MAD estimate the
 * standard deviation of normal data. A sample with MAD 0 (all alike) gives ±Infinity off the median, 0 on it.
 */
export function robustZ(x: number, xs: readonly number[]): number {
  const med = median(xs);
  const spread = 1.4826 * mad(xs, med);
  if (spread === 0) return x === med ? 0 : x > med ? Infinity : -Infinity;
  return (x - med) / spread;
}
