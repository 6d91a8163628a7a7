import type { CDPSession, Locator, Page } from 'playwright-core';

const sessions = new WeakMap<Page, Promise<CDPSession>>();
const TAB = { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 };

/**
 * Presses Tab (only the keyboard) until `target` has the focus. The presses are the browser's own
 * key events (DevTools' Input domain, as Playwright's keyboard sends them), each step one round trip
 * and outside the trace: a journey that tabs across a whole table stays quick.
 */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor();
  await target.evaluate((el) => ((window as unknown as { tabTarget: Element }).tabTarget = el));
  let session = sessions.get(page);
  if (!session) sessions.set(page, (session = page.context().newCDPSession(page)));
  const cdp = await session;
  const visited: string[] = [];
  for (let i = 0; i <= max; i++) {
    const { result } = await cdp.send('Runtime.evaluate', {
      returnByValue: true,
      expression: `(() => {
        const target = window.tabTarget, el = document.activeElement;
        if (target && el && (el === target || target.contains(el))) return null;
        return el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + Array.from(el.classList).slice(0, 2).join('.') : 'none';
      })()`,
    });
    if (result.value === null) return;
    visited.push(result.value as string);
    if (i === max) break;
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...TAB });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...TAB });
  }
  throw new Error(`Tab never reached ${target}; focus went: ${[...new Set(visited)].join(' → ')}`);
}
