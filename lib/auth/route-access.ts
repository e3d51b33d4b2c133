import type { Permission } from './roles';

/**
 * What every API route needs, by route path (as under app/api) and method. The access-matrix test
 * (tests/integration/auth-access.test.ts) walks app/api and fails for any route or method missing
 * here, then calls each one without a session (401) and with every role that lacks the permission (403).
 * 'public' routes answer without a session: the load balancer's health check and better-auth's own endpoints.
 */
export type Access = Permission | 'public';

export const ROUTE_ACCESS: Record<string, Record<string, Access>> = {
  '/api/health': { GET: 'public' },
  '/api/auth/[...all]': { GET: 'public', POST: 'public' },
  '/api/uploads/[[...tus]]': { HEAD: 'inspection:write', POST: 'inspection:write', PATCH: 'inspection:write', DELETE: 'inspection:write' },
  '/api/inspections/[id]/events': { GET: 'inspection:read' },
  '/api/inspections/[id]/frames': { GET: 'inspection:read' },
  '/api/inspections/[id]/frames/[index]': { GET: 'inspection:read' },
  '/api/inspections/[id]/video': { GET: 'inspection:read' },
  '/api/inspections/[id]/observations': { GET: 'inspection:read', POST: 'review:write' },
  '/api/inspections/[id]/report/[format]': { GET: 'report:export' },
  '/api/observations/[id]/snapshot': { GET: 'inspection:read' },
  '/api/observations/[id]/reviews': { GET: 'inspection:read' },
  '/api/observations/[id]/review': { POST: 'review:write' },
  '/api/reviews/[id]/revert': { POST: 'review:write' },
  '/api/review/queue': { GET: 'review:write' },
  '/api/review/history': { GET: 'review:write' },
  '/api/planning': { GET: 'report:export' },
};

/** Server actions, by file (under app/) and export name; the same test covers them. */
export const ACTION_ACCESS: Record<string, Access> = {
  'segments/new/actions.ts#createSegmentAction': 'inspection:write',
  'admin/users/actions.ts#createUserAction': 'admin:users',
  'admin/users/actions.ts#setRoleAction': 'admin:users',
  // Signing in and out, and the one-time setup (useless without its printed token), need no session.
  'login/actions.ts#signInAction': 'public',
  'login/actions.ts#signOutAction': 'public',
  'setup/actions.ts#completeSetupAction': 'public',
};
