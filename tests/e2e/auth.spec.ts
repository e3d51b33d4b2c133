import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, signIn } from './auth-helpers';

const shots = path.resolve('test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

test('sign-in is required; the administrator adds users; each role sees only its own tools', async ({ page, request }) => {
  // No session: pages send you to the login page, APIs answer 401.
  await page.goto('/review');
  await expect(page).toHaveURL(/\/login\?next=%2Freview/);
  expect((await request.get('/api/review/queue')).status()).toBe(401);
  await page.screenshot({ path: path.join(shots, 'login.png'), fullPage: true });

  // A wrong password is refused with a message, not a crash.
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('login-error')).toHaveText('Wrong email or password');

  // The administrator (created at first start from SEWER_ADMIN_*) signs in and is sent back to /review.
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByTestId('sign-in').click();
  await expect(page).toHaveURL(/\/review/);

  // Adds an engineer through the users page; bad input gets field messages.
  await page.goto('/admin/users');
  const form = page.getByTestId('new-user-form');
  const stamp = Date.now();
  await form.getByLabel('Name').fill('Eun-ji Park');
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Initial password (12+ characters)').fill('short');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByTestId('error-email')).toBeVisible();
  await expect(form.getByTestId('error-password')).toContainText('at least 12');
  const engineer = { email: `eunji.${stamp}@e2e.test`, password: 'engineer-password-1' };
  await form.getByLabel('Email').fill(engineer.email);
  await form.getByLabel('Initial password (12+ characters)').fill(engineer.password);
  await form.getByLabel('Role').selectOption('engineer');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${engineer.email}`);
  await expect(page.getByTestId('users-table')).toContainText(engineer.email);
  await page.screenshot({ path: path.join(shots, 'admin-users.png'), fullPage: true });

  // The engineer: review and planning, no user admin, no new segments.
  await signIn(page, engineer);
  await expect(page.getByTestId('signed-in-as')).toContainText('engineer');
  await expect(page.getByRole('link', { name: 'Review', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New segment' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByTestId('forbidden')).toContainText('administrator');
  await page.goto('/segments/new');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  // The API agrees with the pages: creating an upload is refused for this role.
  const upload = await page.request.post('/api/uploads', { headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } });
  expect(upload.status()).toBe(403);

  // Signing out ends the session on the server too.
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/planning');
  await expect(page).toHaveURL(/\/login/);
});
