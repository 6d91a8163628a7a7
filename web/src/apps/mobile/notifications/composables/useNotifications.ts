import { useMutation } from '@urql/vue';
import { computed, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConnection } from '#shared/graphql/connection';
import { MarkNotificationsReadMutation, MyNotificationsQuery } from '../graphql/notifications';
import { notificationMessage } from './notificationText';
import { notificationsWereRead } from './useUnreadNotifications';

export interface NotificationItem {
  id: string;
  text: string;
  createdAt: string;
  unread: boolean;
  shipmentId: string | null;
  /** Where tapping it goes: the complaint or the parcel it is about. */
  link: string | null;
}

/** The buyer's notifications, newest first; opening the list marks them all read. */
export function useNotifications() {
  const { t } = useI18n();
  const list = useConnection({ query: MyNotificationsQuery, select: (data) => data.myNotifications });
  const { executeMutation } = useMutation(MarkNotificationsReadMutation);

  // Mark read once the first page is shown, keeping the "unread" marks on screen for this visit.
  const stop = watch(
    () => list.nodes.value.some((n) => !n.readAt),
    async (hasUnread) => {
      if (!hasUnread) return;
      stop();
      const result = await executeMutation({});
      if (!result.error) notificationsWereRead();
    },
  );

  const items = computed<NotificationItem[]>(() =>
    list.nodes.value.map((n) => {
      const { key, params } = notificationMessage(n);
      const link = n.threadId ? `/m/chat/${n.threadId}` : n.complaintId ? `/m/complaints/${n.complaintId}` : n.shipmentId ? `/m/shipments/${n.shipmentId}` : null;
      return { id: n.id, text: t(key, params), createdAt: n.createdAt, unread: !n.readAt, shipmentId: n.shipmentId ?? null, link };
    }),
  );
  return { ...list, items };
}
