import type { Directive } from 'vue';

export interface SelectA11y {
  /** Id of the visible label that names the select. */
  labelledby: string;
  /** Whether its menu is open (n-select's `update:show`). */
  expanded: boolean;
}

/**
 * Naive's n-select without `filterable` is a focusable `div` with no role and no name, and its
 * arrow is a `role="img"` named "loading" even when nothing loads. This makes the focusable box a
 * select-only combobox (WAI-ARIA APG) named by the visible label, with its value as its text,
 * and hides the decorative arrow. A filterable select's `<input>` is named through `input-props`.
 */
export const vSelectA11y: Directive<HTMLElement, SelectA11y> = {
  mounted: apply,
  updated: apply,
};

function apply(el: HTMLElement, binding: { value: SelectA11y }): void {
  for (const arrow of el.querySelectorAll('.n-base-loading[aria-label="loading"]')) arrow.setAttribute('aria-hidden', 'true');
  const box = el.querySelector<HTMLElement>('.n-base-selection-label[tabindex]');
  // A filterable select's text field is the control (named through input-props).
  if (!box || box.querySelector('input')) return;
  box.setAttribute('role', 'combobox');
  box.setAttribute('aria-haspopup', 'listbox');
  box.setAttribute('aria-labelledby', binding.value.labelledby);
  box.setAttribute('aria-expanded', String(binding.value.expanded));
}
