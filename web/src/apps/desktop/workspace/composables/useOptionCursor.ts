import { ref } from 'vue';

/**
 * The highlighted option of a list that a text box drives (the desk search, the canned replies):
 * ↑/↓ move it round the list; a new list starts again at the top.
 */
export function useOptionCursor(count: () => number) {
  const active = ref(0);
  /** Moves on ↑/↓ and says whether the key was one of them. */
  function move(key: string): boolean {
    if (key !== 'ArrowDown' && key !== 'ArrowUp') return false;
    const n = count();
    if (n) active.value = (active.value + (key === 'ArrowDown' ? 1 : n - 1)) % n;
    return true;
  }
  return { active, move, reset: () => void (active.value = 0) };
}
