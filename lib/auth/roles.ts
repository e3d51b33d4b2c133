/**
 * Who may do what. One role per user; the decision table lives here and nowhere else:
 * route handlers, server actions and pages ask `can(role, permission)` through lib/auth/guard.ts,
 * and the UI uses the same function to hide what a role cannot do.
 *
 * The deployment is one team (a utility or a contractor): every signed-in user sees the
 * team's segments and inspections; what differs is what they may change or export.
 */
export const ROLES = ['inspector', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** See segments, inspections, frames, observations, video. */
  'inspection:read',
  /** Create segments and upload videos. */
  'inspection:write',
  /** Accept / reject / relabel observations, add missed ones, undo decisions. */
  'review:write',
  /** Download reports (PDF/CSV/JSON) and the maintenance planning list. */
  'report:export',
  /** Manage users and roles. */
  'admin:users',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  inspector: ['inspection:read', 'inspection:write'],
  engineer: ['inspection:read', 'review:write', 'report:export'],
  admin: PERMISSIONS,
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Unknown or missing roles get nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  inspector: 'Inspector — creates segments, uploads videos',
  engineer: 'Engineer — reviews observations, exports reports',
  admin: 'Administrator — everything, plus users',
};
