import { onBeforeUnmount, onMounted } from 'vue';
import { shortcutOf } from './deskKeys';

/**
 * A page's keyboard shortcuts (j, k, Enter, a, r, n, d, /, ?…). None fires while typing in a field
 * or with a modifier held; each has a visible control as well.
 */
export function useDeskKeys(handlers: Record<string, (event: KeyboardEvent) => void>): void {
  function onKey(event: KeyboardEvent): void {
    const key = shortcutOf(event);
    if (key === null) return;
    const handler = handlers[key];
    if (!handler) return;
    // Enter on a focused button or link is that control's own action.
    if (key === 'Enter' && (event.target as HTMLElement | null)?.closest?.('button, a, [role="button"], [role="tab"]')) return;
    event.preventDefault();
    handler(event);
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
