// An X user result (UserByScreenName, or a post's author) -> account facts. Both shapes X has served
// are read: the 2023 one with everything under `legacy`, and the current one with `core`,
// `profile_bio`, `privacy`, `profile_metadata`, `relationship_counts`. Pure.
import type { ChannelInfo } from '../types.js';
import { at, bool, count, obj, str, arr, type Obj } from './json.js';

export interface XUser {
  restId: string;
  screenName: string;
  name?: string;
  description?: string;
  avatarUrl?: string;
  verified: boolean;
  protected: boolean;
  /** `profile_interstitial_type` ("" when none): the warning X puts before the profile. */
  interstitial: string;
  /** Countries the account is withheld in (`withheld_in_countries`, `withheld.countryCodes`). */
  withheldIn: string[];
  followers?: number;
  following?: number;
  tweets?: number;
  /** ISO time the account was created (`core.created_at`, `legacy.created_at`). */
  createdAt?: string;
  /** X's default egg/silhouette picture (`default_profile_image`, or its sticky URL). */
  defaultAvatar: boolean;
}

/** X's default profile pictures live under this path. */
const DEFAULT_AVATAR = /\/default_profile_images\//;

/** "@name's account has been withheld in Russia in response to a legal demand." — what a viewer in that country sees instead of the bio. */
export const WITHHELD_NOTICE = /account has been withheld in (.+?) (?:in response to a legal demand|based on local law)/i;

export function readUser(result: unknown): XUser | undefined {
  const u = obj(result);
  if (!u || str(u.__typename) !== 'User') return undefined;
  const legacy = obj(u.legacy) ?? {};
  const restId = str(u.rest_id);
  const screenName = str(at(u, 'core', 'screen_name')) ?? str(legacy.screen_name);
  if (!restId || !/^\d+$/.test(restId) || !screenName) return undefined;
  const name = str(at(u, 'core', 'name')) ?? str(legacy.name);
  const description = str(at(u, 'profile_bio', 'description')) ?? str(legacy.description);
  const avatarUrl = str(at(u, 'avatar', 'image_url')) ?? str(legacy.profile_image_url_https);
  const interstitial = str(at(u, 'profile_metadata', 'profile_interstitial_type')) ?? str(legacy.profile_interstitial_type) ?? '';
  const withheldIn = [...arr(legacy.withheld_in_countries), ...arr(u.withheld_in_countries), ...arr(at(u, 'withheld', 'countryCodes')), ...arr(at(u, 'withheld', 'country_codes'))].filter((c): c is string => typeof c === 'string' && /^[A-Z]{2}$/.test(c));
  const user: XUser = {
    restId,
    screenName,
    verified: bool(u.is_blue_verified) === true || bool(at(u, 'verification', 'verified')) === true || bool(legacy.verified) === true,
    protected: bool(at(u, 'privacy', 'protected')) ?? bool(legacy.protected) ?? false,
    interstitial,
    withheldIn: [...new Set(withheldIn)],
    defaultAvatar: bool(legacy.default_profile_image) === true || (avatarUrl !== undefined && DEFAULT_AVATAR.test(avatarUrl)),
  };
  const created = Date.parse((str(at(u, 'core', 'created_at')) ?? str(legacy.created_at) ?? '').replace(/^\w{3} (\w{3}) (\d+) ([\d:]+) \+0000 (\d{4})$/, '$1 $2 $4 $3 UTC'));
  if (Number.isFinite(created)) user.createdAt = new Date(created).toISOString();
  if (name !== undefined) user.name = name;
  if (description !== undefined) user.description = description;
  if (avatarUrl) user.avatarUrl = avatarUrl;
  const followers = count(at(u, 'relationship_counts', 'followers')) ?? count(legacy.followers_count);
  const following = count(at(u, 'relationship_counts', 'following')) ?? count(legacy.friends_count);
  const tweets = count(at(u, 'tweet_counts', 'tweets')) ?? count(legacy.statuses_count);
  if (followers !== undefined) user.followers = followers;
  if (following !== undefined) user.following = following;
  if (tweets !== undefined) user.tweets = tweets;
  return user;
}

/** The account as Vigil's channel header; `channelId` is `x:<rest_id>` (the id survives a rename). */
export function channelOf(u: XUser): ChannelInfo {
  const counters: Record<string, string> = {};
  if (u.followers !== undefined) counters.followers = String(u.followers);
  if (u.following !== undefined) counters.following = String(u.following);
  if (u.tweets !== undefined) counters.posts = String(u.tweets);
  const c: ChannelInfo = { username: u.screenName, counters, verified: u.verified, channelId: `x:${u.restId}` };
  if (u.name !== undefined) c.title = u.name;
  if (u.description !== undefined) c.description = u.description;
  if (u.avatarUrl) c.avatarUrl = u.avatarUrl;
  if (u.followers !== undefined) c.subscribers = u.followers;
  return c;
}

/** The user result object of an answer: UserByScreenName/UserTweets `data.user.result`. */
export const userResultOf = (j: Obj): unknown => at(j, 'data', 'user', 'result');
