/**
 * Vant's toasts, fetched when the first one is shown: a phone landing page must not carry them in
 * its first load (the 85 KB budget), and a toast can wait a few milliseconds.
 */
async function vantToast() {
  const [toast] = await Promise.all([import('vant/es/toast/index'), import('vant/es/toast/style/index')]);
  return toast;
}

export function toastSuccess(message: string): void {
  void vantToast().then(({ showSuccessToast }) => showSuccessToast(message));
}

export function toastFail(message: string): void {
  void vantToast().then(({ showFailToast }) => showFailToast(message));
}
