// Bounded memo for rendered pages. Keys embed the channel version, so stale entries are
// never served; they just age out when the map is full (insertion-order eviction).
export class PageCache {
  private readonly map = new Map<string, Buffer>();
  constructor(private readonly max: number) {}

  get(key: string, make: () => Buffer): Buffer {
    const hit = this.map.get(key);
    if (hit) return hit;
    const v = make();
    if (this.map.size >= this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, v);
    return v;
  }

  get size(): number {
    return this.map.size;
  }
}
