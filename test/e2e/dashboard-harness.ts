// Real Chromium (Debian's package) driven by playwright-core for the dashboard tests and
// the screenshot script. playwright-core is pinned to the release whose bundled Chromium
// matches Debian's, and never downloads a browser: it launches the installed one.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium to drive: SIGNET_CHROMIUM, else Debian's; undefined with the reason when absent. */
export function findChromium(): { path?: string; skipReason?: string } {
  const path = [process.env.SIGNET_CHROMIUM, ...CANDIDATES].find(
    (candidate) => candidate !== undefined && candidate !== '' && existsSync(candidate),
  );
  if (path !== undefined) return { path };
  const reason =
    'Chromium is not installed (Debian package chromium; scripts/setup.sh --test installs it)';
  if (process.env.CI === 'true')
    throw new Error(`${reason}; a missing browser fails the run under CI`);
  return { skipReason: reason };
}

export async function launchChromium(path: string): Promise<Browser> {
  // No sandbox: test machines run as root in containers, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: path, args: ['--no-sandbox', '--disable-gpu'] });
}

/** Opens the dashboard and signs in with `token` through its sign-in form. */
export async function signIn(
  page: Page,
  base: string,
  token: string,
  hash = '#/violations',
): Promise<void> {
  await page.goto(`${base}/${hash}`);
  await page.fill('#token', token);
  await page.click('#signin button[type=submit]');
  await page.waitForSelector('#who .pill');
}
