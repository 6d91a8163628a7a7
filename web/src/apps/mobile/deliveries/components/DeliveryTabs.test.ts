import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n } from '#shared/i18n';
import '../locales';
import DeliveryTabs from './DeliveryTabs.vue';

function mountTabs(modelValue: 'active' | 'done') {
  return mount(DeliveryTabs, { props: { modelValue, panelId: 'p' }, global: { plugins: [i18n] }, attachTo: document.body });
}

describe('DeliveryTabs', () => {
  it('is a tablist whose selected tab alone is in the Tab order and controls the panel', () => {
    const wrapper = mountTabs('done');
    const tabs = wrapper.findAll('[role="tab"]');
    expect(wrapper.find('[role="tablist"]').exists()).toBe(true);
    expect(tabs.map((tab) => tab.text())).toEqual(['待派送', '已完成']);
    expect(tabs.map((tab) => tab.attributes('aria-selected'))).toEqual(['false', 'true']);
    expect(tabs.map((tab) => tab.attributes('tabindex'))).toEqual(['-1', '0']);
    expect(tabs.every((tab) => tab.attributes('aria-controls') === 'p')).toBe(true);
    wrapper.unmount();
  });

  it('moves with the arrow keys (wrapping), Home and End, and focuses the tab it selects', async () => {
    const wrapper = mountTabs('active');
    const list = wrapper.find('[role="tablist"]');
    await list.trigger('keydown', { key: 'ArrowRight' });
    await list.trigger('keydown', { key: 'ArrowRight' });
    await list.trigger('keydown', { key: 'ArrowLeft' });
    await list.trigger('keydown', { key: 'End' });
    await list.trigger('keydown', { key: 'Home' });
    await list.trigger('keydown', { key: 'a' });
    // From 'active' each time (the prop is not updated here): right → done, right → done, left wraps → done.
    expect(wrapper.emitted('update:modelValue')).toEqual([['done'], ['done'], ['done'], ['done'], ['active']]);
    expect(document.activeElement?.id).toBe('p-active');
    await wrapper.findAll('[role="tab"]')[1]!.trigger('click');
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual(['done']);
    wrapper.unmount();
  });
});
