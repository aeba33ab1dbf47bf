// The web client's GraphQL URLs: `<base>/i/api/graphql/<queryId>/<Operation>?variables=…&features=…`.
// Pure: builds and reads URLs, never fetches.
import type { XSettings } from './settings.js';

export type Operation = 'UserByScreenName' | 'UserTweets' | 'TweetResultByRestId' | 'TweetDetail';
const OPERATIONS: readonly Operation[] = ['UserByScreenName', 'UserTweets', 'TweetResultByRestId', 'TweetDetail'];

// Feature flags the web client sends with these operations (a missing required flag answers 400).
const FEATURES = {
  hidden_profile_subscriptions_enabled: true,
  rweb_tipjar_consumption_enabled: true,
  responsive_web_graphql_exclude_directive_enabled: true,
  verified_phone_label_enabled: false,
  highlights_tweets_tab_ui_enabled: true,
  responsive_web_twitter_article_notes_tab_enabled: true,
  subscriptions_feature_can_gift_premium: true,
  creator_subscriptions_tweet_preview_api_enabled: true,
  responsive_web_graphql_skip_user_profile_image_extensions_enabled: false,
  responsive_web_graphql_timeline_navigation_enabled: true,
  longform_notetweets_consumption_enabled: true,
  longform_notetweets_rich_text_read_enabled: true,
  view_counts_everywhere_api_enabled: true,
  tweet_awards_web_tipping_enabled: false,
  freedom_of_speech_not_reach_fetch_enabled: true,
  responsive_web_edit_tweet_api_enabled: true,
  graphql_is_translatable_rweb_tweet_is_translatable_enabled: true,
  standardized_nudges_misinfo: true,
  responsive_web_enhance_cards_enabled: false,
};

type Base = Pick<XSettings, 'baseUrl' | 'queryIds'>;

export function graphqlUrl(s: Base, op: Operation, variables: Record<string, unknown>): string {
  return graphqlUrlOf(s.baseUrl, s.queryIds[op], op, variables);
}

/** Any operation's URL by its query id (the shadow-ban probes' SearchTimeline and TweetDetail). */
export function graphqlUrlOf(baseUrl: string, queryId: string, op: string, variables: Record<string, unknown>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const q = new URLSearchParams({ variables: JSON.stringify(variables), features: JSON.stringify(FEATURES) });
  return `${base}/i/api/graphql/${encodeURIComponent(queryId)}/${op}?${q.toString()}`;
}

/** Which operation a URL calls (the last path segment), or undefined for anything else. */
export function operationOf(url: string): Operation | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /\/i\/api\/graphql\/[^/]+\/([A-Za-z]+)\/?$/.exec(path);
  return m && (OPERATIONS as readonly string[]).includes(m[1]) ? (m[1] as Operation) : undefined;
}

/** The `variables` JSON of a GraphQL URL ({} when absent or broken). */
export function variablesOf(url: string): Record<string, unknown> {
  try {
    const v = JSON.parse(new URL(url).searchParams.get('variables') ?? '{}') as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
