// Internal shapes shared by the capture modules (the public API is in index.ts).

/** One HTTP request/response the page made, as recorded from the browser. */
export interface HttpExchange {
  url: string;
  method: string;
  requestHeaders: Array<[string, string]>;
  requestBody?: Buffer;
  status: number;
  statusText: string;
  /** The protocol the response came over, as the client reported it ('HTTP/1.1', 'HTTP/2.0', 'h3'...). */
  httpVersion: string;
  /** The address the bytes came from (WARC-IP-Address); absent when it cannot be known for sure. */
  ipAddress?: string;
  /** Browser exchanges: where Chromium says it connected (the egress proxy, normally). */
  serverAddr?: { ipAddress: string; port: number };
  /** TLS of the connection, as the client that terminated it saw it. */
  tls?: TlsDetails;
  /** Epoch ms the request started (for matching against the proxy's log). */
  startMs?: number;
  /** Epoch ms the response ended. */
  endMs?: number;
  /** Fetched outside the browser: who fetched it (named in a WARC metadata record). */
  fetcher?: string;
  responseHeaders: Array<[string, string]>;
  /** Decoded body (the browser removes content-encoding); null when not available (redirects, failures). */
  body: Buffer | null;
  /** Body was cut at capture.maxResponseBytes (or could not be read completely). */
  truncated: boolean;
  /** ISO time the response arrived. */
  date: string;
  resourceType: string;
}

export interface TlsDetails {
  protocol?: string;
  issuer?: string;
  subjectName?: string;
  /** ISO dates of the certificate's validity. */
  validFrom?: string;
  validTo?: string;
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
