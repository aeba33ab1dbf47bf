// Small shared pieces of the page renderers. Pure.
import { h, type Html } from './html.js';

/** Only http(s) links from archived data (a `javascript:` URL must never become clickable). */
export const safeUrl = (u: string): string => (/^https?:\/\//i.test(u) ? u : '#');
export const time = (t?: string | null): Html => (t ? h`<time datetime="${t}">${t.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : h`–`);
export const blobLink = (sha256: string, label: string): Html => h`<a href="/api/blobs/${sha256}">${label}</a>`;
/** A post's own page: ids hold "/" (durov/523), so they travel in the query. */
export const postHref = (target: string, postId: string): string => `/post?target=${encodeURIComponent(target)}&id=${encodeURIComponent(postId)}`;
export const captureHref = (id: string): string => `/c/${encodeURIComponent(id)}`;
/** An event's evidence: a blob (64 hex: e.g. an attack's archived interactions) or a capture id. */
export const evidenceHref = (id: string): string => (/^[0-9a-f]{64}$/.test(id) ? `/api/blobs/${id}` : captureHref(id));
export const eventHref = (id: string): string => `/e/${encodeURIComponent(id)}`;
