// VK bytes → text. Old desktop pages (and some answers today) are windows-1251, new ones UTF-8:
// the charset comes from the Content-Type header, else a <meta> in the first bytes, else UTF-8.
const META = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_-]+)/i;

export function charsetOf(headers: Record<string, string>, body: Buffer): string {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== 'content-type') continue;
    const m = /charset\s*=\s*["']?([a-z0-9_-]+)/i.exec(v);
    if (m) return m[1].toLowerCase();
  }
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  const m = META.exec(body.subarray(0, 4096).toString('latin1'));
  return m ? m[1].toLowerCase() : 'utf-8';
}

/** Decode with the page's charset; an unknown label falls back to UTF-8 (never throws). */
export function decodeBody(headers: Record<string, string>, body: Buffer): string {
  const cs = charsetOf(headers, body);
  try {
    return new TextDecoder(cs === 'cp1251' ? 'windows-1251' : cs).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
