import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { makeVideo, tempDir } from '../fixtures/make-video';
import { ensureUser, signIn } from './auth-helpers';

const dir = tempDir('sewer-e2e-videos-');
const shots = path.resolve('test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

test('inspector creates a segment, uploads a video, watches progress and sees normalized frames', async ({ page, request, baseURL }) => {
  await signIn(page, await ensureUser(request, baseURL!, 'inspector', 'Ingrid'));
  const video = await makeVideo(path.join(dir, 'crawler run 1.mp4'), { seconds: 6, width: 480, height: 360, rings: true });
  const assetId = `E2E-${Date.now()}`;

  await page.goto('/segments/new');
  // Bad input first: clear messages next to the fields.
  await page.getByRole('button', { name: 'Create segment' }).click();
  await expect(page.getByTestId('error-assetId')).toContainText('Asset id is required');
  await expect(page.getByTestId('error-diameterMm')).toBeVisible();

  await page.getByLabel('Asset id').fill(assetId);
  await page.getByLabel('Street / location').fill('Harbour Road');
  await page.getByLabel('Upstream manhole').fill('MH-7');
  await page.getByLabel('Downstream manhole').fill('MH-8');
  await page.getByLabel('Diameter (mm)').fill('400');
  await page.getByLabel('Length (m)').fill('52.5');
  await page.getByLabel('Operator').fill('Crew A');
  await page.getByRole('button', { name: 'Create segment' }).click();
  await expect(page.getByTestId('segment-title')).toContainText(assetId);

  await page.getByTestId('video-input').setInputFiles(video);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/inspections\//);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 150_000 });
  await expect(page.getByTestId('filmstrip').locator('img').first()).toBeVisible();
  const large = page.getByTestId('frame-large');
  await expect(large).toHaveAttribute('src', /variant=norm/);
  await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(shots, 'inspection-done.png'), fullPage: true });
  await page.getByTestId('before-after').click();
  await expect(large).toHaveAttribute('src', /variant=raw/);
  await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await page.goto('/');
  await expect(page.getByRole('link', { name: assetId })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
});

test('a corrupt upload fails its own inspection with a readable error', async ({ page, request, baseURL }) => {
  await signIn(page, await ensureUser(request, baseURL!, 'inspector', 'Ingrid'));
  const bogus = path.join(dir, 'not-a-video.mp4');
  fs.writeFileSync(bogus, 'definitely not a video\n'.repeat(100));
  // Markup typed into text fields is stored as typed and shown as text, never run.
  const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  page.on('dialog', (d) => void d.dismiss());
  await page.goto('/segments/new');
  await page.getByLabel('Asset id').fill(`E2E-BAD-${Date.now()}`);
  await page.getByLabel('Street / location').fill(hostile);
  await page.getByLabel('Operator').fill("'; DROP TABLE segments; --");
  await page.getByLabel('Upstream manhole').fill('MH-1');
  await page.getByLabel('Downstream manhole').fill('MH-2');
  await page.getByLabel('Diameter (mm)').fill('300');
  await page.getByLabel('Length (m)').fill('20');
  await page.getByRole('button', { name: 'Create segment' }).click();
  await expect(page.getByTestId('segment-title')).toBeVisible();
  await expect(page.getByText(hostile, { exact: true })).toBeVisible();
  await expect(page.getByText("'; DROP TABLE segments; --", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await page.getByTestId('video-input').setInputFiles(bogus);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/inspections\//);
  await expect(page.getByTestId('inspection-error')).toContainText(/not a video/i, { timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText('failed');
  await page.screenshot({ path: path.join(shots, 'inspection-failed.png'), fullPage: true });
});
