import { useQuery, useSubscription } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';
import { onReconnected } from '#shared/graphql/reconnect';
import { NotificationAddedSubscription, UnreadCountQuery } from '../graphql/notifications';

/** Bumped when the viewer reads their notifications, so every badge asks the server again. */
const readEpoch = shallowRef(0);
export function notificationsWereRead(): void {
  readEpoch.value += 1;
}

/**
 * The unread badge: the server's count, plus one per `notificationAdded` since that count was
 * taken. A reconnect or a read asks for the count again (events during a gap are in it).
 */
export function useUnreadNotifications(enabled: () => boolean) {
  const query = useQuery({ query: UnreadCountQuery, pause: () => !enabled(), requestPolicy: 'network-only' });
  const added = shallowRef(0);
  useSubscription({ query: NotificationAddedSubscription, pause: () => !enabled() }, (_previous, data) => {
    added.value += 1;
    return data;
  });
  const refresh = () => {
    if (!enabled()) return;
    void query.executeQuery({ requestPolicy: 'network-only' }).then(() => {
      added.value = 0;
    });
  };
  watch(readEpoch, refresh);
  onReconnected(refresh);
  return computed(() => (enabled() ? (query.data.value?.myNotifications.unreadCount ?? 0) + added.value : 0));
}
