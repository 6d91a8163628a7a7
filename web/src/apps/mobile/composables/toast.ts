/**
 * Vant's toasts, fetched when the first one is shown: a phone landing page must not carry them in
 * its first load (the 85 KB budget), and a toast can wait a few milliseconds.
 */
async function vantToast() {
  const [toast] = await Promise.all([import('vant/es/toast/index'), import('vant/es/toast/style/index')]);
  return toast;
}

/**
 * Vant draws a toast as an unnamed role="dialog"; it is a status message (announced, not a
 * dialog). Extra options reach the popup's element as attributes and override its role.
 */
const asStatus = (message: string) => ({ message, role: 'status', 'aria-live': 'polite' }) as { message: string };

export function toastSuccess(message: string): void {
  void vantToast().then(({ showSuccessToast }) => showSuccessToast(asStatus(message)));
}

export function toastFail(message: string): void {
  void vantToast().then(({ showFailToast }) => showFailToast(asStatus(message)));
}
