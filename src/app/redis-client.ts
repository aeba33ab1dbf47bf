// One Redis client for one process, on the engine the settings name: a single node (redis.url or
// the embedded redis-server), a Redis Cluster (redis.cluster) or a Sentinel-managed master
// (redis.sentinel). BullMQ and every Vigil module take this client; they duplicate it for their
// blocking connections, so a cluster or a failover is handled in one place.
import { Cluster, Redis } from 'ioredis';
import type { Settings } from '../config/schema.js';

export type RedisSettings = Settings['redis'];

const BASE = { maxRetriesPerRequest: null, enableAutoPipelining: true } as const;

/** Is Redis an external cluster or sentinel setup (no embedded redis-server then)? */
export const isExternalRedis = (r: RedisSettings): boolean => r.cluster.length > 0 || r.sentinel !== undefined;

/** A printable, secret-free name of where Redis is (logs, services.json never get a password). */
export function describeRedis(r: RedisSettings, url?: string): string {
  if (r.cluster.length) return `redis-cluster://${r.cluster.map((u) => new URL(u).host).join(',')}`;
  if (r.sentinel) return `redis-sentinel://${r.sentinel.nodes.join(',')}/${r.sentinel.name}`;
  return url ?? r.url ?? '';
}

/**
 * The client. A Cluster has the same command surface as a single-node client (what Vigil calls:
 * get/set/hash/zset commands, MULTI and EVAL on keys of one hash-tagged slot), hence the cast.
 */
export function createRedisClient(r: RedisSettings, url: string): Redis {
  if (r.cluster.length) {
    const nodes = r.cluster.map((u) => {
      const p = new URL(u);
      return { host: p.hostname, port: Number(p.port || 6379) };
    });
    const first = new URL(r.cluster[0]);
    const password = first.password ? decodeURIComponent(first.password) : undefined;
    const username = first.username ? decodeURIComponent(first.username) : undefined;
    return new Cluster(nodes, { ...BASE, redisOptions: { ...BASE, password, username } }) as unknown as Redis;
  }
  if (r.sentinel) {
    const s = r.sentinel;
    return new Redis({
      ...BASE,
      name: s.name,
      sentinels: s.nodes.map((n) => ({ host: n.slice(0, n.lastIndexOf(':')), port: Number(n.slice(n.lastIndexOf(':') + 1)) })),
      password: s.password,
      sentinelPassword: s.sentinelPassword,
    });
  }
  return new Redis(url, BASE);
}
