/**
 * One Chromium per test file, a fresh context per test. On a failed test the page's screenshot and a
 * Playwright trace land in e2e/artifacts/ (open with `npx playwright-core show-trace <file>`).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { artifactPath, saveScreenshot } from './artifacts.js';

export const PHONE = { width: 360, height: 740 } as const;
export const DESK = { width: 1280, height: 800 } as const;
export type Viewport = { width: number; height: number };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface BrowserHarness {
  readonly baseUrl: string;
  /** A page in a fresh context (own cookies and storage) at the given viewport, traced; Shanghai time unless `timezoneId`. */
  newPage(viewport: Viewport, options?: { timezoneId?: string }): Promise<Page>;
}

/** Call once at the top of a test file (or describe block). */
export function useBrowser(): BrowserHarness {
  const baseUrl = inject('baseUrl');
  let browser: Browser | undefined;
  let open: { context: BrowserContext; page: Page }[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async ({ task }) => {
    const failed = task.result?.state === 'fail';
    const contexts = open;
    open = [];
    for (const [index, { context, page }] of contexts.entries()) {
      const name = contexts.length > 1 ? `${task.name} ${index + 1}` : task.name;
      if (failed) {
        const trace = artifactPath(name, 'trace.zip');
        await saveScreenshot(page, name)
          .then((file) => console.warn(`e2e: screenshot of the failure: ${file}`))
          .catch((error) => console.warn(`e2e: no screenshot: ${error}`));
        await context.tracing
          .stop({ path: trace })
          .then(() => console.warn(`e2e: trace: npx playwright-core show-trace ${trace}`))
          .catch((error) => console.warn(`e2e: no trace: ${error}`));
      } else {
        await context.tracing.stop().catch(() => undefined);
      }
      await context.close().catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    baseUrl,
    async newPage(viewport, options = {}) {
      if (!browser) throw new Error('useBrowser: browser not launched (call newPage inside a test)');
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport,
        locale: 'zh-CN',
        timezoneId: options.timezoneId ?? 'Asia/Shanghai',
        isMobile: viewport.width < 600,
        hasTouch: viewport.width < 600,
      });
      context.setDefaultTimeout(10_000);
      await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
      const page = await context.newPage();
      open.push({ context, page });
      return page;
    },
  };
}
