import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';

/** `document.title` follows the route's `meta.titleKey` and the UI language. */
export function useDocumentTitle(): void {
  const route = useRoute();
  const { t } = useI18n();
  watchEffect(() => {
    const key = route.meta.titleKey;
    const app = t('app.name');
    document.title = key ? `${t(key)} · ${app}` : app;
  });
}
