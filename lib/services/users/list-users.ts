import { asc, count } from 'drizzle-orm';
import { users } from '../../db/schema/auth';
import type { ServiceContext } from '../context';

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: string | null;
  banned: boolean;
  createdAt: Date;
}

export async function listUsers(ctx: Pick<ServiceContext, 'db'>): Promise<UserSummary[]> {
  const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
  return rows.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, banned: !!u.banned, createdAt: u.createdAt }));
}

export async function countUsers(ctx: Pick<ServiceContext, 'db'>): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}
