'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getContext } from '../../lib/runtime';
import { authFor } from '../../lib/auth/auth';
import { authErrorStatus } from '../../lib/auth/auth-error';
import { formValues, type FormState } from '../components/form-field';

/** Only same-site paths: `next` must never send a user to another origin after login. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Public by nature: checks the password through better-auth, which sets the session cookie. */
export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const email = (values.email ?? '').trim().toLowerCase();
  const password = values.password ?? '';
  if (!email || !password) return { errors: { _: 'Enter your email and password' }, values: { email } };
  try {
    await authFor(await getContext()).api.signInEmail({ body: { email, password }, headers: await headers() });
  } catch (err) {
    const status = authErrorStatus(err);
    if (status !== undefined) {
      const tooMany = status === 429;
      return { errors: { _: tooMany ? 'Too many attempts; wait a minute and try again' : 'Wrong email or password' }, values: { email } };
    }
    throw err;
  }
  redirect(safeNext(values.next));
}

export async function signOutAction(): Promise<void> {
  await authFor(await getContext()).api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect('/login');
}
