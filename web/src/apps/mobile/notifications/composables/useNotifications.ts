import { useMutation } from '@urql/vue';
import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConnection } from '#shared/graphql/connection';
import { MarkNotificationsReadMutation, MyNotificationsQuery } from '../graphql/notifications';
import { notificationAbout, notificationLink, notificationMessage } from './notificationText';
import { notificationsWereRead } from './useUnreadNotifications';

export interface NotificationItem {
  id: string;
  text: string;
  /** The store and goods it is about, when known. */
  about: string | null;
  createdAt: string;
  unread: boolean;
  shipmentId: string | null;
  /** Where tapping it goes: the complaint or the parcel it is about. */
  link: string | null;
}

/**
 * The viewer's notifications, newest first. Opening the list reads nothing: a notification is read
 * when it is opened, or all at once with "全部已读" (a glance at the list is not reading them).
 */
export function useNotifications() {
  const { t, locale } = useI18n();
  const list = useConnection({ query: MyNotificationsQuery, select: (data) => data.myNotifications });
  const { executeMutation } = useMutation(MarkNotificationsReadMutation);
  const markingAll = shallowRef(false);

  function markShown(ids: readonly string[] | null): void {
    const now = new Date().toISOString();
    for (const node of list.nodes.value) if (!node.readAt && (!ids || ids.includes(node.id))) list.replace({ ...node, readAt: now });
  }

  /** Opening one: marked read here at once, and on the server (the badge follows). */
  async function markRead(id: string): Promise<void> {
    if (!list.nodes.value.some((n) => n.id === id && !n.readAt)) return;
    markShown([id]);
    const result = await executeMutation({ ids: [id] });
    if (!result.error) notificationsWereRead();
  }

  /** "全部已读": every notification of the viewer, also those on pages not loaded yet. */
  async function markAllRead(): Promise<boolean> {
    if (markingAll.value) return false;
    markingAll.value = true;
    try {
      const result = await executeMutation({});
      if (result.error) return false;
      markShown(null);
      notificationsWereRead();
      return true;
    } finally {
      markingAll.value = false;
    }
  }

  const items = computed<NotificationItem[]>(() =>
    list.nodes.value.map((n) => {
      const { key, params } = notificationMessage(n, locale.value);
      const about = notificationAbout(n);
      const link = notificationLink(n);
      return {
        id: n.id,
        text: t(key, params),
        about: about ? t(about.key, about.params) : null,
        createdAt: n.createdAt,
        unread: !n.readAt,
        shipmentId: n.shipmentId ?? null,
        link,
      };
    }),
  );
  const hasUnread = computed(() => items.value.some((item) => item.unread));
  return { ...list, items, hasUnread, markRead, markAllRead, markingAll };
}
