import { getContext } from '../../../../lib/runtime';
import { authFor } from '../../../../lib/auth/auth';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** better-auth's endpoints (sign-in, sign-out, session, admin); sign-up is disabled in lib/auth/auth.ts. */
async function handle(req: Request): Promise<Response> {
  return authFor(await getContext()).handler(req);
}

export { handle as GET, handle as POST };
