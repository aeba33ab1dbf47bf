// Internal shapes shared by the capture modules (the public API is in index.ts).

/** One HTTP request/response the page made, as recorded from the browser. */
export interface HttpExchange {
  url: string;
  method: string;
  requestHeaders: Array<[string, string]>;
  requestBody?: Buffer;
  status: number;
  statusText: string;
  httpVersion: string;
  responseHeaders: Array<[string, string]>;
  /** Decoded body (the browser removes content-encoding); null when not available (redirects, failures). */
  body: Buffer | null;
  /** Body was cut at capture.maxResponseBytes (or could not be read completely). */
  truncated: boolean;
  /** ISO time the response arrived. */
  date: string;
  resourceType: string;
}

/** A non-HTTP artifact embedded in the WARC (screenshot, DOM) as a `resource` record. */
export interface WarcResource {
  url: string; // urn:... or the page URL
  type: string;
  body: Buffer;
  date: string;
}

/** One line of indexes/index.cdxj (pointer to a record inside data.warc.gz). */
export interface CdxEntry {
  url: string;
  date: string; // ISO
  mime: string;
  status?: number;
  digest: string; // "sha256:<hex>" of the payload
  offset: number;
  length: number;
  recordType: 'response' | 'resource';
}

/** Bytes plus what the manifest records about them. */
export interface ArtifactBytes {
  name: string;
  type: string;
  bytes: Buffer;
  truncated?: boolean;
  sourceUrl?: string;
}
