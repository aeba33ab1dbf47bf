// The recorded Facebook answers, kept as the gzip streams Facebook sent (test/fixtures/facebook/PROVENANCE.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const DIR = fileURLToPath(new URL('../../../fixtures/facebook/', import.meta.url));

/** The body of a recorded answer, decompressed: the exact bytes Facebook's server rendered. */
export const fbFixture = (name: string): Buffer => gunzipSync(readFileSync(`${DIR}${name}.gz`));

/** The same body as text (the pages are valid UTF-8: the text round-trips to the same bytes). */
export const fbFixtureText = (name: string): string => fbFixture(name).toString('utf8');
