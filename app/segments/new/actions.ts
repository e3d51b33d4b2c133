'use server';

import { redirect } from 'next/navigation';
import { requireActionAccess } from '../../../lib/auth/action-guard';
import { createSegment } from '../../../lib/services/segments/create-segment';
import { ConflictError, ValidationError } from '../../../lib/services/errors';

export interface SegmentFormState {
  errors: Record<string, string>;
  values: Record<string, string>;
}

export async function createSegmentAction(_prev: SegmentFormState, form: FormData): Promise<SegmentFormState> {
  const values = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, String(v)]));
  const { ctx } = await requireActionAccess('inspection:write');
  let id: string;
  try {
    id = (await createSegment(ctx, values)).id;
  } catch (err) {
    if (err instanceof ValidationError) return { errors: err.fieldErrors, values };
    if (err instanceof ConflictError) return { errors: { assetId: err.message }, values };
    throw err;
  }
  redirect(`/segments/${id}`);
}
