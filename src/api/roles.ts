// Roles, least to most: a viewer reads, searches, cites and exports; an editor also changes
// targets and asks for captures; an admin also manages users and reads the audit log. Pure.
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

/**
 * The least role a request needs. Admin: users, the audit log, ops. Editor: anything that changes
 * what is watched or captured (POST/PUT/PATCH/DELETE, except the caller's own session and tokens
 * and dossiers, which are reading). Viewer: everything else (read, search, cite, export).
 */
export function requiredRole(method: string, path: string): Role {
  if (/^\/api\/(users|audit)(\/|$)/.test(path) || /^\/ops(\/|$)/.test(path)) return 'admin';
  if (['GET', 'HEAD', 'OPTIONS'].includes(method)) return 'viewer';
  if (/^\/api\/(tokens|logout|dossiers|export)(\/|$)/.test(path) || path === '/logout') return 'viewer';
  return 'editor';
}
