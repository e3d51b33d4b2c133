'use client';

import { useActionState } from 'react';
import { completeSetupAction } from './actions';
import { EMPTY_FORM, FormField } from '../components/form-field';

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(completeSetupAction, EMPTY_FORM);
  return (
    <form action={action} noValidate className="max-w-sm space-y-4 rounded bg-white p-5 shadow-sm">
      <input type="hidden" name="token" value={token} />
      <FormField name="name" label="Your name" defaultValue={state.values.name} error={state.errors.name} />
      <FormField name="email" label="Email" type="email" autoComplete="username" defaultValue={state.values.email} error={state.errors.email} />
      <FormField name="password" label="Password (at least 12 characters)" type="password" autoComplete="new-password" error={state.errors.password} />
      {state.errors._ ? <p role="alert" className="text-sm text-red-700">{state.errors._}</p> : null}
      <button type="submit" disabled={pending} className="rounded bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-600 disabled:opacity-50">
        Create administrator
      </button>
    </form>
  );
}
