import { Locale as VantLocale } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCN from 'vant/es/locale/lang/zh-CN';
import { watchEffect } from 'vue';
import { useLocale } from '#shared/i18n/useLocale';

/** Vant speaks Chinese by default; follow the app's language both ways. */
export function useVantLocale(): void {
  const { isChinese } = useLocale();
  watchEffect(() => {
    if (isChinese.value) VantLocale.use('zh-CN', zhCN);
    else VantLocale.use('en-US', enUS);
  });
}
