import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Role } from '../../lib/auth/roles';

/** The first-run administrator playwright.config.ts gives the app (SEWER_ADMIN_EMAIL / _PASSWORD). */
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-1', name: 'Administrator' };

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** Creates (once) a user with the given role through better-auth's admin API, signed in as the administrator. */
export async function ensureUser(request: APIRequestContext, baseURL: string, role: Role, name: string): Promise<Account> {
  const account = { email: `${role}.${name.toLowerCase().replace(/\W+/g, '-')}@e2e.test`, password: `${role}-e2e-password-1`, name };
  const headers = { origin: baseURL };
  const signIn = await request.post('/api/auth/sign-in/email', { data: { email: ADMIN.email, password: ADMIN.password }, headers });
  expect(signIn.ok(), await signIn.text()).toBeTruthy();
  const created = await request.post('/api/auth/admin/create-user', { data: { ...account, role }, headers });
  if (!created.ok()) expect(await created.text()).toMatch(/exist/i);
  return account;
}

/** Signs the page in through the login form (starting from a clean cookie jar). */
export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}
