import { uploadServer } from '../../../../lib/upload/tus-server';
import { requireAccess } from '../../../../lib/auth/guard';
import { errorResponse } from '../../../../lib/http';

// tus resumable uploads. This route must stay outside any proxy/middleware matcher:
// Next's proxy buffers request bodies and truncates them at 10 MB.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every tus request (create, resume offset, append, cancel) needs an inspector's session. */
async function handle(req: Request): Promise<Response> {
  try {
    await requireAccess(req, 'inspection:write');
  } catch (err) {
    return errorResponse(err);
  }
  return (await uploadServer()).handleWeb(req);
}

// No GET: finished uploads are served by /api/inspections/:id/video to readers, not by tus.
export { handle as HEAD, handle as POST, handle as PATCH, handle as DELETE };
