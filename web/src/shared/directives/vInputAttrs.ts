import type { Directive } from 'vue';

/**
 * Puts attributes (id, aria-label, aria-invalid, aria-describedby) on the first `<input>` inside a kit component that does not
 * forward them, e.g. Naive's date picker, so its `<label for>` and screen readers can find it.
 */
export const vInputAttrs: Directive<HTMLElement, Record<string, string | undefined>> = {
  mounted: apply,
  updated: apply,
};

function apply(el: HTMLElement, binding: { value: Record<string, string | undefined> }): void {
  const input = el.querySelector('input');
  if (!input) return;
  // An undefined value takes the attribute away (aria-invalid once the field is fixed).
  for (const [name, value] of Object.entries(binding.value)) {
    if (value === undefined) input.removeAttribute(name);
    else input.setAttribute(name, value);
  }
}
