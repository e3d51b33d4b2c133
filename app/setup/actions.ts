'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getContext } from '../../lib/runtime';
import { authFor } from '../../lib/auth/auth';
import { completeSetup } from '../../lib/services/users/first-run';
import { ServiceError, ValidationError } from '../../lib/services/errors';
import { formValues, type FormState } from '../components/form-field';

/** Public, but useless without the one-time token printed at first start (and only while no user exists). */
export async function completeSetupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const keep = { name: values.name ?? '', email: values.email ?? '' };
  const ctx = await getContext();
  try {
    await completeSetup(ctx, { token: values.token ?? '', name: keep.name, email: keep.email, password: values.password ?? '' });
  } catch (err) {
    if (err instanceof ValidationError) return { errors: err.fieldErrors, values: keep };
    if (err instanceof ServiceError) return { errors: { _: err.message }, values: keep };
    throw err;
  }
  await authFor(ctx).api.signInEmail({ body: { email: keep.email.trim().toLowerCase(), password: values.password ?? '' }, headers: await headers() });
  redirect('/admin/users');
}
