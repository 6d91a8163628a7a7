import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, useBrowser } from '../support/browser.js';
import { expectHeading, loginAs } from '../support/login.js';

const harness = useBrowser();

/** Script chunks of English messages (`en.json` of the app and of each feature) the page fetched. */
function englishChunks(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (/^en-[\w-]+\.js$/.test(file)) seen.push(file);
  });
  return seen;
}

// Each feature's English messages are fetched only when English is shown, and the router waits for
// them, so a page in English shows its own words in English from its first paint.
describe('languages on a phone', () => {
  it('a courier in Chinese never fetches English; switched to English, the deliveries page speaks it, also after a reload', async () => {
    const page = await harness.newPage(PHONE);
    const fetched = englishChunks(page);
    await loginAs(page, 'courier');
    await expect.poll(async () => page.getByRole('tab').allInnerTexts()).toContain('待派送');
    expect(fetched).toEqual([]);

    await page.getByRole('button', { name: 'Switch to English' }).first().click();
    await expectHeading(page, 'My deliveries');
    // "To deliver" is the deliveries feature's own message (its en.json), not the shared one.
    await expect.poll(async () => page.getByRole('tab').allInnerTexts()).toContain('To deliver');
    expect(fetched.length).toBeGreaterThan(1); // the shared English and the features' own

    await page.reload();
    await expectHeading(page, 'My deliveries');
    // Read as soon as the heading shows: no Chinese fallback on the way.
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs).toContain('To deliver');
    expect(tabs).not.toContain('待派送');
    await page.close();
  });

  it('a buyer in English who opens a parcel gets that page in English at once', async () => {
    const page = await harness.newPage(PHONE);
    await loginAs(page, 'buyer');
    await page.getByRole('button', { name: 'Switch to English' }).first().click();
    await expectHeading(page, 'My orders');
    await page.locator('a', { hasText: 'YX1000000002' }).first().click();
    await page.getByTestId('timeline').waitFor();
    // The parcel page's chunk and its English arrived together: its own words (shipments/locales)
    // are English as soon as the page shows, never the Chinese fallback.
    await expectHeading(page, 'Parcel');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Tracking');
    expect(text).not.toContain('物流轨迹');
    await page.close();
  });
});
