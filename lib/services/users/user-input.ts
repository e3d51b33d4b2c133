import { z } from 'zod';
import { ROLES } from '../../auth/roles';

/** A new account, as an administrator (or the first-run setup) enters it. */
export const NewUserInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(120, 'Name must be at most 120 characters'),
  email: z.string().trim().toLowerCase().max(254, 'Email is too long').pipe(z.email('Enter a valid email address')),
  password: z.string().min(12, 'Password must be at least 12 characters').max(256, 'Password must be at most 256 characters'),
  role: z.enum(ROLES, { error: 'Choose inspector, engineer or admin' }),
});
export type NewUserInput = z.infer<typeof NewUserInput>;
