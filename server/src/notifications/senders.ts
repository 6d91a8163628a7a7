import type { Logger } from 'pino';
import type { User } from '../accounts/user.entity.js';
import { type Realtime } from '../realtime/pubsub.js';
import { NotificationTopic } from './notification.topics.js';
import { NotificationKind, type Notification } from './notification.entity.js';
import type { DeliveryChannel } from './outbox-message.entity.js';

/** Delivers a notification through one channel; throwing makes the outbox retry it later. */
export interface NotificationSender {
  readonly channel: DeliveryChannel;
  send(notification: Notification, recipient: User): Promise<void>;
  /** Several at once (one round trip), when the channel can; throwing makes the outbox retry them all. */
  sendAll?(deliveries: { notification: Notification; recipient: User }[]): Promise<void>;
}

/** In-app: the row is already stored; this pushes it live to the recipient's open sessions. */
export class InAppSender implements NotificationSender {
  readonly channel = 'IN_APP' as const;
  constructor(private readonly realtime: Realtime) {}

  async send(notification: Notification, recipient: User): Promise<void> {
    await this.realtime.publish(NotificationTopic.NOTIFICATION_ADDED, recipient.id, notification.id);
  }

  async sendAll(deliveries: { notification: Notification; recipient: User }[]): Promise<void> {
    await this.realtime.publishAll(deliveries.map(({ notification, recipient }) => ({ topic: NotificationTopic.NOTIFICATION_ADDED, key: recipient.id, id: notification.id })));
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
    this.logger.info({ to: recipient.maskedPhone, kind: notification.kind, text: smsText(notification) }, 'sms (logged, not sent)');
  }
}

/**
 * What an SMS says: the parcel and that something waits in the app, never the `detail` (a buyer's
 * chat message, a merchant's note): a text message passes through the gateway and sits on a phone
 * anyone may pick up, so people's own words stay in the app, behind the sign-in.
 */
export function smsText(notification: Pick<Notification, 'kind' | 'waybillNo'>): string {
  const parcel = notification.waybillNo ? `包裹 ${notification.waybillNo} ` : '';
  if (notification.kind === NotificationKind.CHAT_MESSAGE) return `【ParcelDesk】${parcel}有一条新消息，请打开 App 查看`;
  return `【ParcelDesk】${parcel}有一条新通知，请打开 App 查看`;
}
