// Deterministic JSON: keys sorted at every depth, no whitespace, trailing newline.
// A retried job serializes the same record to the same bytes, so it rewrites the same object.

/** Canonical JSON text for a JSON-compatible value (undefined members are dropped, like JSON.stringify). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Bytes written to the bucket for a JSON record. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value) + '\n', 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // Dates, Buffers etc. keep their own toJSON form.
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return sortKeys(withToJson.toJSON());
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}
