// Reading untrusted GraphQL JSON without `any`: small total accessors that never throw. Pure.
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** `at(o, 'a', 'b')` = o.a.b when every step is an object, else undefined. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A decimal count given as a number or a string ("2062"); undefined otherwise. */
export function count(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

/** The body as a JSON object, or undefined when it is not one (HTML error pages, truncated answers). */
export function parseJson(body: Buffer): Obj | undefined {
  try {
    return obj(JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return undefined;
  }
}

/** GraphQL `errors[]` entries: code (numeric, also under extensions), name and message. */
export interface GqlError {
  code?: number;
  name?: string;
  kind?: string;
  message: string;
}

export function errorsOf(j: Obj): GqlError[] {
  return arr(j.errors).flatMap((e): GqlError[] => {
    if (!isObj(e)) return [];
    const code = typeof e.code === 'number' ? e.code : typeof at(e, 'extensions', 'code') === 'number' ? (at(e, 'extensions', 'code') as number) : undefined;
    const name = str(e.name) ?? str(at(e, 'extensions', 'name'));
    const kind = str(e.kind) ?? str(at(e, 'extensions', 'kind'));
    return [{ message: str(e.message) ?? '', ...(code !== undefined ? { code } : {}), ...(name ? { name } : {}), ...(kind ? { kind } : {}) }];
  });
}
