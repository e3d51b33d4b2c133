import { getContext } from '../../../lib/runtime';
import { requirePageAccess } from '../../../lib/auth/page-guard';
import { listUsers } from '../../../lib/services/users/list-users';
import { NewUserForm, RoleForm } from './user-forms';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Users — SewerScope' };

export default async function UsersPage() {
  const me = await requirePageAccess('admin:users', '/admin/users');
  const users = await listUsers(await getContext());
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold">Users</h1>
      <table className="w-full rounded bg-white text-sm shadow-sm" data-testid="users-table">
        <thead className="border-b border-slate-200 text-left text-xs uppercase text-slate-500">
          <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Email</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Since</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((u) => (
            <tr key={u.id}>
              <td className="px-3 py-2 font-medium">{u.name}{u.id === me.id ? ' (you)' : ''}</td>
              <td className="px-3 py-2">{u.email}</td>
              <td className="px-3 py-2"><RoleForm userId={u.id} role={u.role} /></td>
              <td className="px-3 py-2 text-slate-500">{u.createdAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="font-semibold">Add a user</h2>
      <NewUserForm />
    </div>
  );
}
