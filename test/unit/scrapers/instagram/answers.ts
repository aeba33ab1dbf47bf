// Instagram answers for the tests, written after the documented structure and the strings other
// projects quote (test/fixtures/instagram/PROVENANCE.md): no licensed real recording exists.
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
export const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8' };

export interface NodeIn {
  shortcode: string;
  takenAt: number;
  caption?: string;
  isVideo?: boolean;
  views?: number;
  pinned?: boolean;
  display?: string;
}

export const node = (n: NodeIn): object => ({
  node: {
    __typename: n.isVideo ? 'GraphVideo' : 'GraphImage',
    id: `35406140759${n.takenAt}`,
    shortcode: n.shortcode,
    dimensions: { height: 1920, width: 1080 },
    display_url: n.display ?? `https://scontent-iad3-2.cdninstagram.com/v/t51.2885-15/${n.shortcode}_n.jpg?stp=dst-jpg_e35&_nc_ht=scontent-iad3-2.cdninstagram.com&oh=00_AYB7Jx&oe=6799BC5B`,
    owner: { id: '2700692569', username: 'adrianhorning' },
    is_video: n.isVideo ?? false,
    ...(n.isVideo ? { video_url: `https://scontent-iad3-1.cdninstagram.com/o1/v/t16/${n.shortcode}.mp4?efg=x&oh=00_AY`, video_view_count: n.views ?? 1318 } : {}),
    edge_media_to_caption: { edges: n.caption === undefined ? [] : [{ node: { text: n.caption } }] },
    edge_media_to_comment: { count: 12 },
    comments_disabled: false,
    taken_at_timestamp: n.takenAt,
    edge_liked_by: { count: 126 },
    edge_media_preview_like: { count: 126 },
    location: null,
    thumbnail_src: `https://scontent-iad3-2.cdninstagram.com/v/t51.2885-15/${n.shortcode}_s640.jpg?oh=00_AYDJ48`,
    pinned_for_users: n.pinned ? [{ id: '2700692569', is_verified: true, username: 'adrianhorning' }] : [],
    product_type: n.isVideo ? 'clips' : 'feed',
  },
});

export function profile(u: { username?: string; isPrivate?: boolean; countryBlock?: boolean; nodes?: NodeIn[]; count?: number; hasNext?: boolean }): string {
  const nodes = u.nodes ?? [];
  return JSON.stringify({
    data: {
      user: {
        biography: 'Scraping the web',
        bio_links: [],
        blocked_by_viewer: false,
        restricted_by_viewer: null,
        country_block: u.countryBlock ?? false,
        eimu_id: '114948679895803',
        external_url: 'https://scrapecreators.com/',
        edge_followed_by: { count: 25116 },
        fbid: '17841402777077586',
        followed_by_viewer: false,
        edge_follow: { count: 101 },
        full_name: 'Adrian Horning',
        id: '2700692569',
        is_private: u.isPrivate ?? false,
        is_verified: true,
        profile_pic_url: 'https://scontent-iad3-1.cdninstagram.com/v/t51.2885-19/430086429_n.jpg?stp=dst-jpg_e0_s150x150',
        profile_pic_url_hd: 'https://scontent-iad3-1.cdninstagram.com/v/t51.2885-19/430086429_n.jpg?stp=dst-jpg_s320x320',
        username: u.username ?? 'adrianhorning',
        edge_felix_video_timeline: { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] },
        edge_owner_to_timeline_media: {
          count: u.count ?? nodes.length,
          page_info: { has_next_page: u.hasNext ?? false, end_cursor: u.hasNext ? 'QVFDdUZKSGhpeXEx' : null },
          edges: nodes.map(node),
        },
      },
    },
    status: 'ok',
  });
}

/** Instagram's one page for free/deleted/deactivated/renamed/banned usernames (string as served: HTML-escaped). */
export const UNAVAILABLE_HTML =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found &bull; Instagram</title></head><body><main><h2>Sorry, this page isn&#039;t available.</h2><div>The link you followed may be broken, or the page may have been removed. <a href="/">Go back to Instagram.</a></div></main></body></html>';

export const LOGIN_HTML = '<!DOCTYPE html><html><head><title>Login &bull; Instagram</title></head><body><form id="loginForm"><input name="username"></form></body></html>';

export const SIX = [1736294201, 1736207801, 1736121401, 1736035001, 1735948601, 1735862201].map((t, i) => ({ shortcode: `DEiyb48Ae${String.fromCharCode(65 + i)}${i}`, takenAt: t, caption: `caption ${i} https://example.org/${i}` }));
