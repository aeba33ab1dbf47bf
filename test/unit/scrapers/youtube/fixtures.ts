// Unwrap NewPipeExtractor's recorded exchanges (test/fixtures/youtube/newpipe/*.json): the server's
// body is `response.responseBody` (a string), its status `response.responseCode`, its headers
// `response.responseHeaders` ({name: [values]}). See test/fixtures/youtube/PROVENANCE.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FetchPurpose, FetchedPage } from '../../../../src/scrapers/types.js';

const DIR = fileURLToPath(new URL('../../../fixtures/youtube/newpipe/', import.meta.url));

export interface Recording {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The innertube request body (videoId, browseId), when the call was a POST. */
  request: Record<string, unknown>;
}

export function recording(name: string): Recording {
  const raw = JSON.parse(readFileSync(DIR + name, 'utf8')) as {
    request: { url: string; dataToSend: number[] | null };
    response: { responseCode: number; responseHeaders: Record<string, string[]>; responseBody: string };
  };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.response.responseHeaders)) headers[k.toLowerCase()] = v.join(', ');
  const sent = raw.request.dataToSend ? Buffer.from(raw.request.dataToSend.map((b) => b & 0xff)).toString('utf8') : '';
  return { url: raw.request.url, status: raw.response.responseCode, headers, body: raw.response.responseBody, request: sent ? (JSON.parse(sent) as Record<string, unknown>) : {} };
}

/** A recording as a fetched page (fetchedAt given: ages on the Videos tab are relative to it). */
export function recordedPage(name: string, opts: { purpose?: FetchPurpose; fetchedAt?: string } = {}): FetchedPage {
  const r = recording(name);
  return { url: r.url, finalUrl: r.url, status: r.status, headers: r.headers, body: Buffer.from(r.body, 'utf8'), fetchedAt: opts.fetchedAt ?? '2026-05-21T12:00:00.000Z', purpose: opts.purpose ?? 'listing' };
}
