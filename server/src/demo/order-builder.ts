import type { EntityManager } from '@mikro-orm/postgresql';
import { DeliveryReceipt, DispatchChannel, ShipmentStatus as S, SHIPMENT_PROGRESS } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { Notification, NotificationKind } from '../notifications/notification.entity.js';
import { Dispatch } from '../shipments/dispatch.entity.js';
import type { Merchant } from '../shipments/merchant.entity.js';
import { OrderLine } from '../shipments/order-line.entity.js';
import { Order } from '../shipments/order.entity.js';
import { ShipmentItem } from '../shipments/shipment-item.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { TrackingEvent } from '../shipments/tracking-event.entity.js';

export type LineSpec = [title: string, sku: string, unitPriceCents: number, quantity: number, unitWeightGrams: number];
export interface PlacedOrder {
  order: Order;
  lines: OrderLine[];
  created: Date;
}
export interface ParcelPath {
  courier?: User;
  to: S;
  note?: string;
  /** Weighed at pickup; defaults to the declared weight. */
  pickupWeightGrams?: number;
}

/** What the buyer was told at each step, as ShipmentService tells them. */
const BUYER_TOLD: Partial<Record<S, NotificationKind>> = {
  [S.DISPATCHED]: NotificationKind.SHIPMENT_DISPATCHED,
  [S.OUT_FOR_DELIVERY]: NotificationKind.SHIPMENT_OUT_FOR_DELIVERY,
  [S.DELIVERED]: NotificationKind.SHIPMENT_DELIVERED,
  [S.EXCEPTION]: NotificationKind.SHIPMENT_EXCEPTION,
};
/** Seeded notifications older than this were read by their recipient. */
const READ_AFTER_MS = 2 * 3600_000;

const STEP_LOCATION: Partial<Record<S, string>> = {
  [S.PICKED_UP]: '上海市浦东新区张江路 88 号',
  [S.IN_TRANSIT]: '上海浦东分拣中心',
  [S.OUT_FOR_DELIVERY]: '上海徐汇营业部',
  [S.DELIVERED]: '收件人本人签收',
  [S.EXCEPTION]: '杭州西湖营业部',
};

/**
 * Builds orders and parcels with a believable history, replaying each step through the
 * entities' own rules (dispatchTo, transitionTo), an hour apart. Used by the demo data and by
 * test factories, so both hold only states the state machine can reach.
 */
export class OrderBuilder {
  private serial = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly store: {
      merchant: Merchant;
      merchantUser: User;
      now: Date;
      pickupAddress: string;
      /**
       * Also write the in-app notifications each step sent (the demo's history: a parcel in trouble
       * has the messages its buyer and courier got). No outbox rows: this history was delivered.
       */
      notificationHistory?: boolean;
    },
  ) {}

  private told(recipient: User | (() => User), kind: NotificationKind, shipment: Shipment, at: Date, detail: string | null = null): void {
    if (!this.store.notificationHistory) return;
    const notification = new Notification({ recipient: typeof recipient === 'function' ? recipient() : recipient, kind, shipmentId: shipment.id, waybillNo: shipment.waybillNo, detail });
    notification.createdAt = at;
    notification.readAt = this.store.now.getTime() - at.getTime() > READ_AFTER_MS ? new Date(at.getTime() + 600_000) : null;
    this.em.persist(notification);
  }

  order(input: { buyer: User; createdHoursAgo: number; lines: LineSpec[]; shippingAddress: string; orderNo?: string }): PlacedOrder {
    this.serial += 1;
    const created = new Date(this.store.now.getTime() - input.createdHoursAgo * 3600_000);
    const stamp = created.toISOString().slice(0, 10).replace(/-/g, '');
    const order = new Order({
      orderNo: input.orderNo ?? `PD${stamp}${String(this.serial).padStart(4, '0')}`,
      buyer: input.buyer,
      merchant: this.store.merchant,
      shippingAddress: input.shippingAddress,
      createdAt: created,
    });
    const lines = input.lines.map(
      ([title, sku, unitPriceCents, quantity, unitWeightGrams], position) =>
        new OrderLine({ order, position, title, sku, unitPriceCents, quantity, unitWeightGrams }),
    );
    this.em.persist([order, ...lines]);
    return { order, lines, created };
  }

  /** A parcel carrying all of the given lines, walked to `path.to` by `path.courier`. */
  parcel(placed: PlacedOrder, waybillNo: string, lines: OrderLine[], path: ParcelPath = { to: S.CREATED }): Shipment {
    const em = this.em;
    const declaredWeightGrams = lines.reduce((grams, line) => grams + line.unitWeightGrams * line.quantity, 0);
    const shipment = new Shipment({ order: placed.order, waybillNo, carrier: '优选同城配送', declaredWeightGrams, createdAt: placed.created });
    em.persist(shipment);
    for (const line of lines) em.persist(new ShipmentItem({ shipment, line, quantity: line.quantity }));
    if (path.to === S.CREATED || !path.courier) return shipment;

    let at = new Date(placed.created.getTime() + 3600_000);
    const { merchantUser, pickupAddress } = this.store;
    const dispatch = new Dispatch({
      shipment,
      courier: path.courier,
      channel: DispatchChannel.APP,
      pickupAt: new Date(at.getTime() + 1800_000),
      pickupAddress,
      dispatchedBy: merchantUser,
      createdAt: at,
    });
    shipment.dispatchTo(dispatch);
    em.persist([dispatch, new TrackingEvent({ shipment, status: S.DISPATCHED, recordedBy: merchantUser, occurredAt: at, location: pickupAddress })]);
    // Read only when the history is written: test factories pass the buyer as a bare reference.
    const buyer = () => placed.order.buyer.getEntity();
    this.told(buyer, NotificationKind.SHIPMENT_DISPATCHED, shipment, at);
    this.told(path.courier, NotificationKind.COURIER_DISPATCHED, shipment, at);
    const steps = path.to === S.EXCEPTION ? [S.PICKED_UP, S.EXCEPTION] : SHIPMENT_PROGRESS.slice(2, SHIPMENT_PROGRESS.indexOf(path.to) + 1);
    for (const status of steps) {
      at = new Date(at.getTime() + 3600_000);
      shipment.transitionTo(status, at);
      em.persist(
        new TrackingEvent({
          shipment,
          status,
          recordedBy: path.courier,
          occurredAt: at,
          location: STEP_LOCATION[status] ?? null,
          note: status === S.EXCEPTION ? (path.note ?? null) : null,
          measuredWeightGrams: status === S.PICKED_UP ? (path.pickupWeightGrams ?? declaredWeightGrams) : null,
          receivedBy: status === S.DELIVERED ? DeliveryReceipt.RECIPIENT : null,
        }),
      );
      const kind = BUYER_TOLD[status];
      if (kind) this.told(buyer, kind, shipment, at, status === S.EXCEPTION ? (path.note ?? null) : null);
    }
    shipment.updatedAt = at;
    return shipment;
  }
}
