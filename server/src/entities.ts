// Every entity, listed once for MikroORM: the composition root, above every feature.
import { Message } from './chat/message.entity.js';
import { ThreadRead } from './chat/thread-read.entity.js';
import { Thread } from './chat/thread.entity.js';
import { Session } from './accounts/session.entity.js';
import { User } from './accounts/user.entity.js';
import { Notification } from './notifications/notification.entity.js';
import { OutboxMessage } from './notifications/outbox-message.entity.js';
import { UserPresence } from './realtime/presence.entity.js';
import { ContactReveal } from './shipments/contact-reveal.entity.js';
import { Dispatch } from './shipments/dispatch.entity.js';
import { Merchant } from './shipments/merchant.entity.js';
import { OrderLine } from './shipments/order-line.entity.js';
import { Order } from './shipments/order.entity.js';
import { ShipmentItem } from './shipments/shipment-item.entity.js';
import { Shipment } from './shipments/shipment.entity.js';
import { TrackingEvent } from './shipments/tracking-event.entity.js';

export const entities = [User, Session, Merchant, Order, OrderLine, Shipment, ShipmentItem, TrackingEvent, Dispatch, ContactReveal, Notification, OutboxMessage, Thread, Message, ThreadRead, UserPresence];
