import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatSystemEvent, MessageKind, ThreadKind } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { Message } from '../chat/message.entity.js';
import { ThreadRead } from '../chat/thread-read.entity.js';
import { Thread } from '../chat/thread.entity.js';
import type { Order } from '../shipments/order.entity.js';
import type { Shipment } from '../shipments/shipment.entity.js';

type Line = [author: User | null, body: string, minutesAgo: number, event?: ChatSystemEvent];

/**
 * Demo conversations: the first buyer with 老李 about the parcel out for delivery, and the same
 * buyer waiting in the support queue about the short delivery. Seqs are numbered here because
 * nothing else writes to a fresh database.
 */
export function seedDemoChat(em: EntityManager, input: { buyer: User; courier: User; outForDelivery: Shipment; delivered: Order; now: Date }): void {
  const { buyer, courier, now } = input;
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const thread = (kind: ThreadKind, lines: Line[], extra: { shipment?: Shipment; order?: Order }) => {
    const t = new Thread({ kind, buyer, shipment: extra.shipment ?? null, order: extra.order ?? null });
    t.createdAt = at(lines[0]![2] + 1);
    lines.forEach(([author, body, minutesAgo, event], index) => {
      const message = em.create(Message, {
        thread: t,
        seq: index + 1,
        kind: event ? MessageKind.SYSTEM : MessageKind.TEXT,
        author: author ?? null,
        body,
        systemEvent: event ?? null,
        clientMessageId: author ? `demo-${kind}-${index + 1}` : null,
        createdAt: at(minutesAgo),
      });
      em.persist(message);
    });
    t.lastSeq = lines.length;
    t.lastMessageAt = at(lines[lines.length - 1]![2]);
    em.persist(t);
    return t;
  };

  const courierThread = thread(
    ThreadKind.COURIER,
    [
      [null, courier.displayName, 300, ChatSystemEvent.DISPATCHED],
      [null, '', 240, ChatSystemEvent.PICKED_UP],
      [buyer, '师傅您好，今天大概几点能送到？', 50],
      [courier, '下午三点前送到，家里有人吗？', 45],
      [buyer, '有人的，到了直接敲门就行', 44],
    ],
    { shipment: input.outForDelivery },
  );
  em.persist(em.create(ThreadRead, { thread: courierThread, user: buyer, lastReadSeq: 5 }));
  em.persist(em.create(ThreadRead, { thread: courierThread, user: courier, lastReadSeq: 4 }));

  const support = thread(ThreadKind.SUPPORT, [[buyer, '葡萄买了两盒只收到一盒，怎么处理？', 30]], { order: input.delivered });
  support.waitingSince = at(30);
  em.persist(em.create(ThreadRead, { thread: support, user: buyer, lastReadSeq: 1 }));
}
