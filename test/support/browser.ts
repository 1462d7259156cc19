import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Chromium from '@sparticuz/chromium';
import { chromium, type Page } from 'playwright-core';

/**
 * The Chromium the console tests drive: the one CHROMIUM_PATH names, or else the build that the
 * `@sparticuz/chromium` package ships inside itself (unpacked on first use), so `npm ci` is all a
 * machine needs.
 */
export async function chromiumExecutable(): Promise<string> {
  const named = process.env.CHROMIUM_PATH;
  if (named) return named;
  try {
    return await whileHoldingUnpackLock(() => Chromium.executablePath());
  } catch (error) {
    throw new Error(
      'No Chromium for the browser tests: @sparticuz/chromium could not unpack its browser ' +
        '(run `npm ci`, or set CHROMIUM_PATH to a Chromium executable)',
      { cause: error },
    );
  }
}

/**
 * The package unpacks into the temporary directory and takes a file that exists as finished, so
 * test files starting together must not unpack side by side. A lock older than any unpacking is
 * a crashed run's, and is taken over.
 */
async function whileHoldingUnpackLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = path.join(tmpdir(), 'privacy-desk-chromium-unpack.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface TestBrowser {
  page: Page;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile, as the console tests drive it. */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = await chromiumExecutable();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-chromium-'));
  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      viewport: { width: 1360, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        // The tests talk only to the local stack: no update checks, sync or other calls out.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch((error: unknown) => {
      rmSync(userDataDir, { recursive: true, force: true });
      throw new Error(`Chromium at ${executablePath} did not start for the browser tests`, { cause: error });
    });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a console page and signs in if the console asks for it. The page renders once its script
 * has loaded, so this waits until either the sign-in form or `ready` shows: asking at once whether
 * the form is visible races the render and may skip a sign-in the page then waits for.
 */
export async function openConsolePage(
  page: Page,
  url: string,
  ready: string,
  user: { username: string; password: string },
): Promise<void> {
  await page.goto(url);
  const signInForm = page.locator('#username');
  await signInForm.or(page.locator(ready)).first().waitFor();
  if (await signInForm.isVisible()) {
    await signInForm.fill(user.username);
    await page.fill('#password', user.password);
    await page.click('button[type=submit]');
  }
}
