import { Locale as VantLocale } from 'vant';
import zhCN from 'vant/es/locale/lang/zh-CN';
import { watchEffect } from 'vue';
import { useLocale } from '#shared/i18n/useLocale';

/**
 * Vant speaks Chinese by default; follow the app's language both ways. Its English strings are
 * fetched the first time English is shown, like the app's own (most phone viewers never ask).
 */
export function useVantLocale(): void {
  const { isChinese } = useLocale();
  watchEffect(() => {
    if (isChinese.value) {
      VantLocale.use('zh-CN', zhCN);
      return;
    }
    void import('vant/es/locale/lang/en-US').then(({ default: enUS }) => {
      // The viewer may have switched back while the strings were on their way.
      if (!isChinese.value) VantLocale.use('en-US', enUS);
    });
  });
}
