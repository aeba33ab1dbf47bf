// Where a capture's time goes: wall-clock milliseconds per phase, so a regression points at its
// phase (`npm run bench -- capture` prints the medians as `phases_ms`). Phases that run at the
// same time (screenshot, DOM, MHTML) each report their own duration, so the sum can exceed the total.

export const PHASES = [
  'context', // a browser context and page ready (zero when one was warmed ahead of demand)
  'navigation', // goto until `load`
  'scroll',
  'network_idle',
  'screenshot',
  'dom',
  'mhtml',
  'mobile',
  'traffic', // waiting for the recorded bodies still being read
  'close', // context and its egress proxy closed
  'media', // directly linked media fetched outside the browser
  'extract', // title, text and media links from the DOM
  'warc',
  'wacz',
  'upload', // hashing + putBlob of every artifact
  'total',
] as const;

export type Phase = (typeof PHASES)[number];
export type PhaseTimings = Partial<Record<Phase, number>>;

export interface PhaseClock {
  readonly timings: PhaseTimings;
  /** Times `fn`; the phase keeps its duration even when `fn` throws. */
  time<T>(phase: Phase, fn: () => Promise<T>): Promise<T>;
  add(phase: Phase, ms: number): void;
}

export function phaseClock(now: () => number = () => performance.now()): PhaseClock {
  const timings: PhaseTimings = {};
  const add = (phase: Phase, ms: number): void => {
    timings[phase] = Math.round(((timings[phase] ?? 0) + ms) * 10) / 10;
  };
  return {
    timings,
    add,
    async time(phase, fn) {
      const t = now();
      try {
        return await fn();
      } finally {
        add(phase, now() - t);
      }
    },
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Pure: the median of each phase over many captures (phases a capture did not run count as 0). */
export function medianPhases(list: readonly PhaseTimings[]): Record<Phase, number> {
  const out = {} as Record<Phase, number>;
  for (const p of PHASES) out[p] = list.length ? Math.round(median(list.map((t) => t[p] ?? 0))) : 0;
  return out;
}

export { median };
