import type { Role } from '@parceldesk/shared';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    landing?: boolean;
    roles?: readonly Role[];
    /** i18n key of the page title, used for `document.title`. */
    titleKey?: string;
    /** A bottom tab in the phone app: label key and Vant icon name. */
    tab?: { labelKey: string; icon: string };
    /** A link in the desk header: label key. */
    nav?: { labelKey: string };
  }
}

export {};
