// The zod schemas of the API's answers: routes build answers and parse them through these
// (so an answer never leaves in a shape the contract does not describe), and /api/openapi.json
// is generated from them and from the request schemas next to each route.
import { z } from 'zod';
import { CaptureManifest as CaptureManifestSchema } from '../archive/types.js';
import { EVENT_STATUSES, EVENT_TYPES } from '../detect/vocabulary.js';
import { ERRORS, type ErrorCode } from '../errors.js';
import { ChannelInfo, PAGE_STATES } from '../scrapers/types.js';

export const ErrorBody = z.object({ code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]), message: z.string(), hint: z.string() });

/** Where a list goes on: pass as `cursor=` for the next page; null on the last page. */
export const Next = z.string().nullable().describe('cursor of the next page (pass as `cursor=`), null on the last page');

export const CitationJson = z.object({
  kind: z.enum(['capture', 'post', 'event']),
  platform: z.string(),
  account: z.string(),
  title: z.string(),
  url: z.string(),
  publishedAt: z.string().nullable(),
  archivedAt: z.string(),
  happened: z.string().nullable().describe('what happened to it: edited, deleted at, account blocked at'),
  sha256: z.string(),
  ledgerKey: z.string().nullable().describe('bucket key of the ledgered record that holds it'),
  ledgerSeq: z.number().int().nullable().describe('its ledger position (null until a checkpoint covers it)'),
  archiveUrl: z.string(),
  /** The citation as one Markdown line (also: ?format=md|csv|csl on the item's citation route). */
  markdown: z.string(),
});
export type CitationJson = z.infer<typeof CitationJson>;

export const TargetJson = z.object({
  id: z.string(),
  spec: z.string(),
  platform: z.string(),
  key: z.string(),
  everyMs: z.number(),
  tags: z.array(z.string()),
  vantages: z.array(z.string()).nullable().describe('network.vantages ids polling it; null: all, in rotation'),
  createdAt: z.string(),
  paused: z.boolean().describe('not polled while true'),
  state: z.enum([...PAGE_STATES, 'pending']),
  stateReason: z.string().nullable(),
  stateSince: z.string().nullable(),
  lastObservedAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  postCount: z.number().int(),
  channel: ChannelInfo.nullable(),
});

export const PostJson = z.object({
  id: z.string(),
  key: z.string(),
  num: z.string().describe('order within the target, exact decimal'),
  url: z.string(),
  publishedAt: z.string().nullable(),
  text: z.string(),
  views: z.number().nullable(),
  edited: z.boolean(),
  deleted: z.boolean(),
  versions: z.array(z.object({ text: z.string(), sha256: z.string(), observedAt: z.string() })),
  artifacts: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number(), type: z.string(), captureId: z.string() })),
  citation: CitationJson,
});

export const EventJson = z.object({
  id: z.string(),
  type: z.enum(EVENT_TYPES),
  status: z.enum(EVENT_STATUSES),
  target: z.string(),
  postId: z.string().optional(),
  detectedAt: z.string(),
  confirmedAt: z.string().optional(),
  evidence: z.array(z.string()),
  window: z.object({ lastOkAt: z.string().optional(), firstChangedAt: z.string() }),
  confidence: z.number(),
  rule: z.string(),
  consistentWith: z
    .object({ attackEventId: z.string(), lagSeconds: z.number() })
    .passthrough()
    .optional()
    .describe('the attack on the target this takedown or shadow-ban followed: consistent with it, never "caused by" (evidence, not proof)'),
  citation: CitationJson,
});

export const CaptureJson = CaptureManifestSchema.extend({ citation: CitationJson });

export const TargetsAnswer = z.object({ targets: z.array(TargetJson), next: Next });
export const TargetAnswer = z.object({ target: TargetJson });
export const TargetWithHotAnswer = z.object({ target: TargetJson.extend({ hot: z.record(z.unknown()).nullable() }) });
export const PostsAnswer = z.object({ posts: z.array(PostJson), next: Next });
export const PostAnswer = z.object({ post: PostJson.extend({ target: z.string() }) });
export const EventsAnswer = z.object({ events: z.array(EventJson), next: Next });
export const EventAnswer = z.object({ event: EventJson.extend({ details: z.record(z.unknown()).nullable() }) });
export const SearchAnswer = z.object({
  hits: z.array(z.object({ target: z.string(), postId: z.string(), publishedAt: z.string().nullable(), snippet: z.string(), deleted: z.boolean(), url: z.string() })),
  next: Next,
  posts: z.array(PostJson.extend({ target: z.string() })),
});
export const OkAnswer = z.object({ ok: z.literal(true), id: z.string() });
export const QueuedAnswer = z.object({ id: z.string() });

/** A `campaign` event with its members, attacker accounts and attacks (GET /api/campaigns). */
export const CampaignJson = EventJson.extend({
  members: z.array(z.string()).describe('member targets: their attacks are tied by shared accounts or texts'),
  attackers: z.array(z.string()).describe('accounts seen in the attacks of two or more members'),
  attacks: z.array(z.string()).describe('the attack_suspected events, in time order'),
  sharedTexts: z.boolean().describe('whether near-duplicate texts tied any pair of attacks'),
  timeline: z.array(z.object({ at: z.string(), target: z.string(), attackEventId: z.string(), accounts: z.number() })),
  from: z.string().describe('its earliest recorded time: the end of its first attack’s burst (the attacks’ own events start at their burst’s start)'),
});
export const CampaignsAnswer = z.object({ campaigns: z.array(CampaignJson), next: Next });
export const CampaignAnswer = z.object({
  campaign: CampaignJson,
  events: z.array(EventJson).describe('the members’ attacks, takedowns and shadow-bans since the first attack, oldest first: takedowns are consistent with the attacks, never shown as caused by them'),
});
