// Pure scanner for the self-contained meta-test: where does a text name a path outside the
// repository? Patterns are written so this file does not match itself.

const PATTERNS: { name: string; re: RegExp }[] = [
  // The development machine's work root, and the usual home roots, as absolute paths (not as
  // the path part of a URL: a URL's path is preceded by a host, not by a quote or a space).
  { name: 'absolute dev path', re: /(?:^|[\s'"`(=:,[])\/(?:work|home|root|Users)\/[^\s'"`)]*/g },
  // A sibling folder beside the clone, reached with one or more `../`.
  { name: 'sibling folder', re: /(?:\.\.\/)+shared\b[^\s'"`)]*/g },
  // The parts of that sibling reference folder (its fixtures, tools, design and style notes) named without `../`.
  { name: 'reference folder', re: /\bshared\/(?:fixtures|tools|design\.md|style\.md)\b[^\s'"`)]*/g },
];

/** Every forbidden path named in `text`, as `name: match` (trimmed), in order of the patterns. */
export function outsidePathHits(text: string): string[] {
  const hits: string[] = [];
  for (const { name, re } of PATTERNS) for (const m of text.matchAll(re)) hits.push(`${name}: ${m[0].trim()}`);
  return hits;
}
