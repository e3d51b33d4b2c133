'use client';

import { useActionState } from 'react';
import { signInAction } from './actions';
import { EMPTY_FORM, FormField } from '../components/form-field';

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signInAction, EMPTY_FORM);
  return (
    <form action={action} className="max-w-sm space-y-4 rounded bg-white p-5 shadow-sm">
      <input type="hidden" name="next" value={next} />
      <FormField name="email" label="Email" type="email" autoComplete="username" defaultValue={state.values.email} />
      <FormField name="password" label="Password" type="password" autoComplete="current-password" />
      {state.errors._ ? <p role="alert" data-testid="login-error" className="text-sm text-red-700">{state.errors._}</p> : null}
      <button type="submit" disabled={pending} data-testid="sign-in" className="rounded bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-600 disabled:opacity-50">
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
