// Fault injection for the simulator: per channel or global, for N requests or until a time.
// None of these is a takedown; Vigil must ride them out without emitting events.
import { z } from 'zod';

export const FAULT_KINDS = ['rate_limit', 'error', 'hang', 'garbage', 'truncated', 'no_posts'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultSpec = z.object({
  kind: z.enum(FAULT_KINDS),
  /** Username it applies to; omitted = every page request. */
  channel: z.string().optional(),
  /** HTTP status for kind=error (500/502/503). */
  status: z.number().int().min(500).max(599).default(503),
  /** Seconds for the Retry-After header of kind=rate_limit. */
  retryAfter: z.number().int().nonnegative().default(5),
  /** Number of requests it applies to; omitted with no durationMs = 1. */
  count: z.number().int().positive().optional(),
  /** Or: active for this long from when it is added. */
  durationMs: z.number().int().positive().optional(),
  /** Only requests of this route (`search`: a sim's search page); every page request when omitted. */
  route: z.literal('search').optional(),
});
export type FaultSpec = z.input<typeof FaultSpec>;
export type Fault = z.output<typeof FaultSpec> & { id: number; remaining: number; until: number };

export class FaultBook {
  private faults: Fault[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  add(spec: FaultSpec): Fault {
    const s = FaultSpec.parse(spec);
    const f: Fault = {
      ...s,
      channel: s.channel?.toLowerCase(),
      id: ++this.seq,
      remaining: s.count ?? (s.durationMs ? Infinity : 1),
      until: s.durationMs ? this.now() + s.durationMs : Infinity,
    };
    this.faults.push(f);
    return f;
  }

  clear(): void {
    this.faults = [];
  }

  active(): Fault[] {
    const t = this.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && f.until > t);
    return this.faults;
  }

  /** The fault that hits a request for `channel` on `route` (most specific first), consuming one use. */
  take(channel: string | undefined, route?: 'search'): Fault | undefined {
    const list = this.active().filter((x) => x.route === undefined || x.route === route);
    const name = channel?.toLowerCase();
    const f = list.find((x) => x.channel !== undefined && x.channel === name) ?? list.find((x) => x.channel === undefined);
    if (f) f.remaining -= 1;
    return f;
  }
}
