// Shapes shared by the capture-peers runners, the aggregation and the table.
import type { Coverage } from './inspect.js';

/** One sim page, with the resources its served HTML references (what replay needs). */
export interface PageSpec {
  path: string;
  url: string;
  required: string[];
}

/** What one tool kept for one page. */
export interface PageKept {
  screenshot: boolean;
  dom: boolean;
  /** null: the tool writes no WARC. */
  warcRecords: number | null;
  warcByType: Record<string, number>;
  media: number;
  coverage: Coverage;
}

/** One timed pass of a tool over every page. */
export interface RunOutcome {
  ms: number;
  /** Per page, same order as the pages (sums to ms). */
  pageMs: number[];
  pages: PageKept[];
  /** Errors of page attempts that were retried (and then succeeded). */
  retried?: string[];
}

export interface Runner {
  /** Short id used in the JSON line (`<id>_ms`). */
  id: string;
  /** Name shown in the table, with the options that matter. */
  label: string;
  /** How its DOM/HTML is kept, and how it replays offline (shown with y/n). */
  domHow: string;
  replayHow: string;
  /** Extra facts worth a footnote (e.g. "time includes a Chromium launch per page"). */
  note?: string;
  run(pages: PageSpec[]): Promise<RunOutcome>;
  close?(): Promise<void>;
}

/** A tool's row: median time over its successful runs, what the last successful run kept. */
export interface PeerRow {
  id: string;
  label: string;
  runs: number;
  failures: number;
  /** First failure, verbatim enough to act on. */
  error?: string;
  ms: number | null;
  /** Median per page, same order as the pages. */
  pageMs: Array<number | null>;
  /** Page attempts that failed once and were retried, over all runs. */
  retried: string[];
  screenshot: boolean;
  dom: boolean;
  domHow: string;
  warcRecords: number | null;
  warcByType: Record<string, number>;
  media: number;
  replayable: boolean;
  replayHow: string;
  coverage: { have: number; need: number; missing: string[] };
  note?: string;
}
