import { computed } from 'vue';
import { i18n, Locale, setLocale } from './index';

export function useLocale() {
  const locale = computed(() => i18n.global.locale.value);
  const isChinese = computed(() => locale.value === Locale.zh_CN);
  return {
    locale,
    isChinese,
    setLocale,
    toggleLocale: () => setLocale(isChinese.value ? Locale.en : Locale.zh_CN),
  };
}
