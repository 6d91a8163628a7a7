/** Whether a key event happened while the person types (a text field, an editable area, an open IME). */
export function isTyping(event: Pick<KeyboardEvent, 'target' | 'isComposing'>): boolean {
  if (event.isComposing) return true;
  const el = event.target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
  return !!el.closest('[role="combobox"], [role="listbox"], .n-base-selection');
}

/** The shortcut a key press means, or null: modifiers and typing never trigger one. */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'isComposing'>): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return null;
  return event.key;
}
