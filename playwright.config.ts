import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3100);
// A fresh data folder per run: the app starts on its embedded default (PGlite + in-process worker).
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `sewer-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    // The first-run administrator comes from the environment (tests/e2e/auth-helpers.ts ADMIN).
    env: {
      PORT: String(port),
      SEWER_DATA_DIR: dataDir,
      SEWER_CHUNK_SECONDS: '4',
      DATABASE_URL: '',
      SEWER_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SEWER_ADMIN_EMAIL: 'admin@e2e.test',
      SEWER_ADMIN_PASSWORD: 'e2e-admin-password-1',
    },
  },
});
