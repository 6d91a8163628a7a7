// Every entity, listed once for MikroORM: the composition root, above every feature.
import { Message } from './chat/message.entity.js';
import { ThreadRead } from './chat/thread-read.entity.js';
import { Thread } from './chat/thread.entity.js';
import { ComplaintEvent } from './complaints/complaint-event.entity.js';
import { ComplaintFiling } from './complaints/complaint-filing.entity.js';
import { ComplaintItem } from './complaints/complaint-item.entity.js';
import { ComplaintNote } from './complaints/complaint-note.entity.js';
import { Complaint } from './complaints/complaint.entity.js';
import { AutoDecision } from './complaints/auto-decision.entity.js';
import { PickupAlert } from './shipments/pickup-alert.entity.js';
import { Evidence } from './complaints/evidence.entity.js';
import { UploadReservation } from './complaints/upload-reservation.entity.js';
import { RateCounter } from './common/rate-counter.entity.js';
import { LiveSocketRow } from './realtime/live-socket.entity.js';
import { ScheduledJob } from './scheduler/scheduled-job.entity.js';
import { Session } from './accounts/session.entity.js';
import { User } from './accounts/user.entity.js';
import { Notification } from './notifications/notification.entity.js';
import { OutboxMessage } from './notifications/outbox-message.entity.js';
import { UserPresence } from './realtime/presence.entity.js';
import { ReviewPhoto } from './reviews/review-photo.entity.js';
import { Review } from './reviews/review.entity.js';
import { ContactReveal } from './shipments/contact-reveal.entity.js';
import { Dispatch } from './shipments/dispatch.entity.js';
import { Merchant } from './shipments/merchant.entity.js';
import { OrderLine } from './shipments/order-line.entity.js';
import { Order } from './shipments/order.entity.js';
import { ShipmentItem } from './shipments/shipment-item.entity.js';
import { Shipment } from './shipments/shipment.entity.js';
import { TrackingEvent } from './shipments/tracking-event.entity.js';
import { Macro } from './workspace/macro.entity.js';

export const entities = [User, Session, Merchant, Order, OrderLine, Shipment, ShipmentItem, TrackingEvent, Dispatch, ContactReveal, Notification, OutboxMessage,
  Complaint, ComplaintItem, ComplaintFiling, ComplaintNote, ComplaintEvent, Evidence, AutoDecision, PickupAlert, ScheduledJob, Thread, Message, ThreadRead, UserPresence,
  Review, ReviewPhoto, UploadReservation, RateCounter, LiveSocketRow, Macro];
