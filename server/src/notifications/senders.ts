import type { Logger } from 'pino';
import type { User } from '../accounts/user.entity.js';
import { type Realtime } from '../realtime/pubsub.js';
import { NotificationTopic } from './notification.topics.js';
import type { Notification } from './notification.entity.js';
import type { DeliveryChannel } from './outbox-message.entity.js';

/** Delivers a notification through one channel; throwing makes the outbox retry it later. */
export interface NotificationSender {
  readonly channel: DeliveryChannel;
  send(notification: Notification, recipient: User): Promise<void>;
}

/** In-app: the row is already stored; this pushes it live to the recipient's open sessions. */
export class InAppSender implements NotificationSender {
  readonly channel = 'IN_APP' as const;
  constructor(private readonly realtime: Realtime) {}

  async send(notification: Notification, recipient: User): Promise<void> {
    await this.realtime.publish(NotificationTopic.NOTIFICATION_ADDED, recipient.id, notification.id);
  }
}

/**
 * The SMS gateway stand-in: no SMS provider is reachable from here, so the default sender logs
 * the message it would send. A real gateway implements NotificationSender the same way.
 */
export class LoggingSmsSender implements NotificationSender {
  readonly channel = 'SMS' as const;
  constructor(private readonly logger: Logger) {}

  async send(notification: Notification, recipient: User): Promise<void> {
    this.logger.info({ to: recipient.maskedPhone, kind: notification.kind, waybillNo: notification.waybillNo }, 'sms (logged, not sent)');
  }
}
