import { shallowRef, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';

/** Set by the desk's unread count (issue 18): "(3) 客服会话 · ParcelDesk" shows in the browser tab. */
export const titleCount = shallowRef(0);

/** `document.title` follows the route's `meta.titleKey` and the UI language. */
export function useDocumentTitle(): void {
  const route = useRoute();
  const { t } = useI18n();
  watchEffect(() => {
    const key = route.meta.titleKey;
    const app = t('app.name');
    const title = key ? `${t(key)} · ${app}` : app;
    document.title = titleCount.value > 0 ? `(${titleCount.value}) ${title}` : title;
  });
}
