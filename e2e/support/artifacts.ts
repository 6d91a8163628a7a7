import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** e2e/artifacts/ (gitignored): screenshots and traces of failed tests. */
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../artifacts');

export function artifactPath(testName: string, suffix: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80) || 'test';
  return path.join(ARTIFACTS_DIR, `${slug}.${suffix}`);
}

/** Full-page PNG of the page as it is now; returns the file written. */
export async function saveScreenshot(page: Page, testName: string): Promise<string> {
  const file = artifactPath(testName, 'png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
