import { uploadServer } from '../../../../lib/upload/tus-server';

// tus resumable uploads. This route must stay outside any proxy/middleware matcher:
// Next's proxy buffers request bodies and truncates them at 10 MB.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handle(req: Request): Promise<Response> {
  return (await uploadServer()).handleWeb(req);
}

export { handle as GET, handle as HEAD, handle as POST, handle as PATCH, handle as DELETE, handle as OPTIONS };
