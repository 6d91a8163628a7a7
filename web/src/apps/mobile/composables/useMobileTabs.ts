import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { useSession } from '#shared/session/session';

export interface MobileTab {
  name: string;
  path: string;
  labelKey: string;
  icon: string;
}

/** The bottom tabs this viewer may open: every /m route that declares `meta.tab` and allows the role. */
export function useMobileTabs() {
  const router = useRouter();
  const { role } = useSession();
  return computed<MobileTab[]>(() =>
    router
      .getRoutes()
      .filter((route) => route.meta.tab && role.value && (!route.meta.roles || route.meta.roles.includes(role.value)))
      .map((route) => ({
        name: String(route.name),
        path: route.path,
        labelKey: route.meta.tab!.labelKey,
        icon: route.meta.tab!.icon,
      })),
  );
}
