import { dateEnUS, dateZhCN, enUS, zhCN } from 'naive-ui';
import { computed } from 'vue';
import { useLocale } from '#shared/i18n/useLocale';

/** Naive UI speaks English by default; hand its config provider Chinese when the app is Chinese. */
export function useNaiveLocale() {
  const { isChinese } = useLocale();
  return {
    locale: computed(() => (isChinese.value ? zhCN : enUS)),
    dateLocale: computed(() => (isChinese.value ? dateZhCN : dateEnUS)),
  };
}
