// Cross-target memory of the attack rules in Redis (derived, like the hot state: losing it loses
// no evidence, only the chance to tie a new attack to older ones). Recent attacks for campaigns,
// calls to report a handle seen in watched channels, and the campaigns already announced.
import type { Redis } from 'ioredis';
import type { AttackSummary, ReportCall } from '../detect/attack/index.js';

export interface AttackStore {
  /** Remember an attack for campaign matching; entries older than `keepMs` are pruned. */
  addAttack(a: AttackSummary, keepMs: number): Promise<void>;
  /** Attacks whose end lies at or after `sinceMs`. */
  recentAttacks(sinceMs: number): Promise<AttackSummary[]>;
  /** A watched channel's post calling to report `handle` (lower-case). */
  addReportCall(handle: string, c: ReportCall, keepMs: number): Promise<void>;
  reportCalls(handle: string, sinceMs: number): Promise<ReportCall[]>;
  /** True the first time a campaign with exactly these member targets is claimed. */
  claimCampaign(key: string): Promise<boolean>;
}

export function createAttackStore(redis: Redis, prefix: string): AttackStore {
  const recent = `${prefix}:atk:recent`;
  const calls = (h: string) => `${prefix}:atk:calls:${h}`;
  const parse = <T>(xs: string[]): T[] => xs.flatMap((x) => {
    try {
      return [JSON.parse(x) as T];
    } catch {
      return [];
    }
  });
  return {
    async addAttack(a, keepMs) {
      const at = Date.parse(a.at);
      await redis.zadd(recent, at, JSON.stringify(a));
      await redis.zremrangebyscore(recent, '-inf', at - keepMs);
    },
    async recentAttacks(since) {
      return parse<AttackSummary>(await redis.zrangebyscore(recent, since, '+inf'));
    },
    async addReportCall(handle, c, keepMs) {
      const at = Date.parse(c.at);
      await redis.zadd(calls(handle), at, JSON.stringify(c));
      await redis.zremrangebyscore(calls(handle), '-inf', at - keepMs);
      await redis.pexpire(calls(handle), keepMs);
    },
    async reportCalls(handle, since) {
      return parse<ReportCall>(await redis.zrangebyscore(calls(handle), since, '+inf'));
    },
    async claimCampaign(key) {
      return (await redis.sadd(`${prefix}:atk:campaigns`, key)) === 1;
    },
  };
}
