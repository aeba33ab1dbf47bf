// Roles, least to most: a viewer reads, searches, cites and exports; an editor also changes
// targets and asks for captures; an admin also manages users and reads the audit log. Pure.
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);
