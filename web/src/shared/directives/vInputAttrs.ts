import type { Directive } from 'vue';

/**
 * Puts attributes (id, aria-label) on the first `<input>` inside a kit component that does not
 * forward them, e.g. Naive's date picker, so its `<label for>` and screen readers can find it.
 */
export const vInputAttrs: Directive<HTMLElement, Record<string, string>> = {
  mounted: apply,
  updated: apply,
};

function apply(el: HTMLElement, binding: { value: Record<string, string> }): void {
  const input = el.querySelector('input');
  if (!input) return;
  for (const [name, value] of Object.entries(binding.value)) input.setAttribute(name, value);
}
