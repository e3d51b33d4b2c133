'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireActionAccess } from '../../../lib/auth/action-guard';
import { createUser } from '../../../lib/services/users/create-user';
import { setUserRole } from '../../../lib/services/users/set-role';
import { ServiceError, ValidationError } from '../../../lib/services/errors';
import { formValues, type FormState } from '../../components/form-field';

export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { ctx } = await requireActionAccess('admin:users');
  const values = formValues(form);
  const keep = { name: values.name ?? '', email: values.email ?? '', role: values.role ?? '' };
  try {
    const user = await createUser(ctx, values, await headers());
    revalidatePath('/admin/users');
    return { errors: {}, values: {}, ok: `Created ${user.email}. Give them their initial password through a safe channel.` };
  } catch (err) {
    if (err instanceof ValidationError) return { errors: err.fieldErrors, values: keep };
    if (err instanceof ServiceError) return { errors: { _: err.message }, values: keep };
    throw err;
  }
}

export async function setRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { ctx, user } = await requireActionAccess('admin:users');
  const values = formValues(form);
  try {
    await setUserRole(ctx, { userId: values.userId ?? '', role: values.role ?? '', actorId: user.id }, await headers());
    revalidatePath('/admin/users');
    return { errors: {}, values: {}, ok: 'Role changed' };
  } catch (err) {
    if (err instanceof ServiceError) return { errors: { _: err.message }, values };
    throw err;
  }
}
