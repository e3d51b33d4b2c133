'use client';

import { useActionState } from 'react';
import { createUserAction, setRoleAction } from './actions';
import { EMPTY_FORM, FormField } from '../../components/form-field';
import { ROLES, ROLE_LABELS } from '../../../lib/auth/roles';

export function NewUserForm() {
  const [state, action, pending] = useActionState(createUserAction, EMPTY_FORM);
  return (
    <form action={action} noValidate className="grid max-w-3xl grid-cols-1 gap-3 rounded bg-white p-5 shadow-sm sm:grid-cols-2" data-testid="new-user-form">
      <FormField name="name" label="Name" defaultValue={state.values.name} error={state.errors.name} />
      <FormField name="email" label="Email" type="email" defaultValue={state.values.email} error={state.errors.email} />
      <FormField name="password" label="Initial password (12+ characters)" type="password" autoComplete="new-password" error={state.errors.password} />
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Role</span>
        <select name="role" defaultValue={state.values.role || 'inspector'} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </label>
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-600 disabled:opacity-50">Add user</button>
        {state.errors._ ? <span role="alert" className="ml-3 text-sm text-red-700">{state.errors._}</span> : null}
        {state.ok ? <span role="status" className="ml-3 text-sm text-teal-800">{state.ok}</span> : null}
      </div>
    </form>
  );
}

export function RoleForm({ userId, role }: { userId: string; role: string | null }) {
  const [state, action, pending] = useActionState(setRoleAction, EMPTY_FORM);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role ?? ''} aria-label="Role" className="rounded border border-slate-300 px-2 py-1 text-sm">
        {role && !(ROLES as readonly string[]).includes(role) ? <option value={role}>{role} (unknown)</option> : null}
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <button type="submit" disabled={pending} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50">Save</button>
      {state.errors._ ? <span role="alert" className="text-xs text-red-700">{state.errors._}</span> : null}
    </form>
  );
}
