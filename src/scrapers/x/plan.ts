// Where to look on X: the web client's GraphQL operations. Pure: URLs only, never fetches.
import type { FetchStep, TargetRef } from '../types.js';
import { graphqlUrl } from './graphql.js';
import type { XSettings } from './settings.js';

type S = Pick<XSettings, 'baseUrl' | 'queryIds'>;

/** The user id a listing needs: `ref.id` is the landing's channelId (`x:<rest_id>`). */
const userIdOf = (t: TargetRef): string | undefined => {
  const m = t.id ? /^x:(\d+)$/.exec(t.id) : null;
  return m ? m[1] : undefined;
};

/** The account (state, identity, counters): UserByScreenName, which X answers logged out too. */
export function planLanding(t: TargetRef, s: S): FetchStep {
  return { via: 'http', url: graphqlUrl(s, 'UserByScreenName', { screen_name: t.key, withSafetyModeUserFields: true }), purpose: 'landing' };
}

/**
 * Newest posts (or an older page by the timeline's Bottom cursor): UserTweets, which needs the user
 * id (the poll reads the landing first, `landingFirst`) and a logged-in session. Without an id
 * (rename discovery asks with the bare name) the landing is all one can read.
 */
export function planListing(t: TargetRef, s: S, cursor?: string): FetchStep {
  const userId = userIdOf(t);
  if (!userId) return { ...planLanding(t, s), purpose: 'listing' };
  const variables: Record<string, unknown> = { userId, count: 20, includePromotedContent: false, withQuickPromoteEligibilityTweetFields: false, withVoice: true };
  if (cursor) variables.cursor = cursor;
  return { via: 'http', url: graphqlUrl(s, 'UserTweets', variables), purpose: 'listing', needsSession: true };
}

/** One post by id: TweetResultByRestId (logged out too); a deleted post answers `{"data":{"tweetResult":{}}}`. */
export function planPost(_t: TargetRef, s: S, key: string): FetchStep {
  return { via: 'http', url: graphqlUrl(s, 'TweetResultByRestId', { tweetId: key, withCommunity: false, includePromotedContent: false, withVoice: false }), purpose: 'post' };
}
