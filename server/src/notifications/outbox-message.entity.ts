import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Notification } from './notification.entity.js';

export const DeliveryChannel = { IN_APP: 'IN_APP', SMS: 'SMS' } as const;
export type DeliveryChannel = (typeof DeliveryChannel)[keyof typeof DeliveryChannel];

export const OutboxStatus = { PENDING: 'PENDING', SENT: 'SENT', FAILED: 'FAILED' } as const;
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus];

/**
 * One delivery of a notification through one channel. Written in the same transaction as the
 * change that caused it, so nothing is lost if a sender or the process fails; the worker retries
 * with backoff until it is sent or runs out of attempts (FAILED, kept for inspection).
 */
@Entity({ tableName: 'outbox_messages' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class OutboxMessage {
  [OptionalProps]?: 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Notification, { ref: true, deleteRule: 'cascade' })
  notification: Ref<Notification>;

  @Enum({ items: () => DeliveryChannel, nativeEnumName: 'delivery_channel' })
  channel: DeliveryChannel;

  @Enum({ items: () => OutboxStatus, nativeEnumName: 'outbox_status' })
  status: OutboxStatus = OutboxStatus.PENDING;

  @Property({ type: 'smallint' })
  attempts: number = 0;

  @Property({ type: 'Date' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'string', length: 500, nullable: true })
  lastError: string | null = null;

  @Property({ type: 'Date', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(notification: Notification, channel: DeliveryChannel) {
    this.notification = ref(notification);
    this.channel = channel;
  }
}
