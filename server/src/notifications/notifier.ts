import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../accounts/user.entity.js';
import { Notification, type NotificationKind } from './notification.entity.js';
import { DeliveryChannel, OutboxMessage } from './outbox-message.entity.js';

/**
 * Queues a notification and one outbox message per channel in the caller's unit of work, so
 * they commit (or roll back) with the change that caused them. The outbox worker delivers them.
 */
export function queueNotification(
  em: EntityManager,
  input: { recipient: User; kind: NotificationKind; shipmentId?: string; waybillNo?: string; complaintId?: string; detail?: string | null; threadId?: string; orderId?: string },
  channels: DeliveryChannel[] = [DeliveryChannel.IN_APP, DeliveryChannel.SMS],
): Notification {
  const notification = new Notification(input);
  em.persist(notification);
  for (const channel of channels) em.persist(new OutboxMessage(notification, channel));
  return notification;
}
