import type { EntityManager } from '@mikro-orm/postgresql';
import { DispatchChannel, Role, ShipmentStatus as S, SHIPMENT_PROGRESS } from '@parceldesk/shared';
import type { Logger } from 'pino';
import { hashPassword } from '../accounts/password.js';
import { User } from '../accounts/user.entity.js';
import { Dispatch } from '../shipments/dispatch.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import { OrderLine } from '../shipments/order-line.entity.js';
import { Order } from '../shipments/order.entity.js';
import { ShipmentItem } from '../shipments/shipment-item.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { TrackingEvent } from '../shipments/tracking-event.entity.js';

export const DEMO_PASSWORD = 'demo1234';

/** DESIGN §6: the demo cast. Phones are the logins; the password is the same for all. */
export const DEMO_LOGINS = [
  { key: 'buyer', role: Role.BUYER, phone: '13800000001', displayName: '买家小王' },
  { key: 'courier', role: Role.COURIER, phone: '13800000002', displayName: '派件员老李' },
  { key: 'merchant', role: Role.MERCHANT, phone: '13800000003', displayName: '优选水果店' },
  { key: 'agent', role: Role.AGENT, phone: '13800000004', displayName: '客服小张' },
  { key: 'buyer2', role: Role.BUYER, phone: '13800000005', displayName: '买家小陈' },
  { key: 'courier2', role: Role.COURIER, phone: '13800000006', displayName: '派件员小赵' },
] as const;

export type DemoKey = (typeof DEMO_LOGINS)[number]['key'];

/** Loads the demo data into a database that has no users yet; a used database is left alone. */
export async function seedDemoDataIfEmpty(em: EntityManager, logger: Logger): Promise<boolean> {
  if ((await em.count(User)) > 0) return false;
  await seedDemoData(em);
  logger.info('demo data loaded');
  return true;
}

export interface DemoData {
  users: Record<DemoKey, User>;
  merchant: Merchant;
  /** By story: what each order shows in the demo. */
  orders: Record<'delivered' | 'outForDelivery' | 'notDispatched' | 'exception' | 'dispatched' | 'twoParcels' | 'buyer2New', Order>;
}

export const DEMO_PICKUP_ADDRESS = '上海市浦东新区张江路 88 号 优选水果店仓库';

export async function seedDemoData(em: EntityManager, now = new Date()): Promise<DemoData> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<DemoKey, User>;
  for (const login of DEMO_LOGINS) {
    users[login.key] = new User({ role: login.role, phone: login.phone, displayName: login.displayName, passwordHash });
    em.persist(users[login.key]);
  }
  const merchant = new Merchant(users.merchant, '优选水果店');
  em.persist(merchant);

  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  let serial = 0;
  const order = (buyer: User, createdHoursAgo: number, lines: [title: string, sku: string, priceCents: number, qty: number, grams: number][]) => {
    serial += 1;
    const created = hoursAgo(createdHoursAgo);
    const stamp = created.toISOString().slice(0, 10).replace(/-/g, '');
    const o = new Order({ orderNo: `PD${stamp}${String(serial).padStart(4, '0')}`, buyer, merchant, shippingAddress: buyer === users.buyer ? '上海市徐汇区漕溪北路 100 弄 3 号 502 室' : '杭州市西湖区文三路 200 号 1 单元 801', createdAt: created });
    const orderLines = lines.map(([title, sku, unitPriceCents, quantity, unitWeightGrams], position) => new OrderLine({ order: o, position, title, sku, unitPriceCents, quantity, unitWeightGrams }));
    em.persist([o, ...orderLines]);
    return { order: o, lines: orderLines, created };
  };
  /** A parcel carrying the given lines (all of their quantity), walked through `path` by `courier`. */
  const parcel = (
    placed: ReturnType<typeof order>,
    waybillNo: string,
    lines: OrderLine[],
    path: { courier?: User; to: S; note?: string } = { to: S.CREATED },
  ) => {
    const declaredWeightGrams = lines.reduce((g, l) => g + l.unitWeightGrams * l.quantity, 0);
    const shipment = new Shipment({ order: placed.order, waybillNo, carrier: '优选同城配送', declaredWeightGrams, createdAt: placed.created });
    em.persist(shipment);
    for (const line of lines) em.persist(new ShipmentItem({ shipment, line, quantity: line.quantity }));
    if (path.to === S.CREATED || !path.courier) return shipment;
    // Replay the history step by step through the entity's own rules, an hour apart.
    let at = new Date(placed.created.getTime() + 3600_000);
    const dispatch = new Dispatch({ shipment, courier: path.courier, channel: DispatchChannel.APP, pickupAt: new Date(at.getTime() + 1800_000), pickupAddress: DEMO_PICKUP_ADDRESS, dispatchedBy: users.merchant, createdAt: at });
    shipment.dispatchTo(dispatch);
    em.persist([dispatch, new TrackingEvent({ shipment, status: S.DISPATCHED, recordedBy: users.merchant, occurredAt: at, location: DEMO_PICKUP_ADDRESS })]);
    const steps = path.to === S.EXCEPTION ? [S.PICKED_UP, S.EXCEPTION] : SHIPMENT_PROGRESS.slice(2, SHIPMENT_PROGRESS.indexOf(path.to) + 1);
    for (const status of steps) {
      at = new Date(at.getTime() + 3600_000);
      shipment.transitionTo(status, at);
      em.persist(new TrackingEvent({
        shipment, status, recordedBy: path.courier, occurredAt: at,
        location: STEP_LOCATION[status] ?? null,
        note: status === S.EXCEPTION ? (path.note ?? null) : null,
        measuredWeightGrams: status === S.PICKED_UP ? declaredWeightGrams - (lines.some((l) => l.quantity > 1) ? lines[0]!.unitWeightGrams : 0) : null,
      }));
    }
    shipment.updatedAt = at;
    return shipment;
  };

  const delivered = order(users.buyer, 72, [['阳光玫瑰葡萄 精品礼盒 2 斤', 'GRAPE-SM-1KG', 5990, 2, 1100]]);
  parcel(delivered, 'YX1000000001', delivered.lines, { courier: users.courier, to: S.DELIVERED });
  const outForDelivery = order(users.buyer, 20, [['赣南脐橙 5 斤装', 'ORANGE-GN-2500', 3980, 1, 2600], ['阿克苏冰糖心苹果 3 斤', 'APPLE-AKS-1500', 2990, 2, 1600]]);
  parcel(outForDelivery, 'YX1000000002', outForDelivery.lines, { courier: users.courier, to: S.OUT_FOR_DELIVERY });
  const notDispatched = order(users.buyer, 2, [['海南金煌芒果 5 斤', 'MANGO-HN-2500', 4590, 1, 2700]]);
  parcel(notDispatched, 'YX1000000003', notDispatched.lines);
  const exception = order(users.buyer, 30, [['丹东草莓 红颜 1 斤', 'STRAW-DD-500', 6800, 1, 700]]);
  parcel(exception, 'YX1000000004', exception.lines, { courier: users.courier2, to: S.EXCEPTION, note: '收件地址门牌号不清，联系买家未接通' });
  const dispatched = order(users.buyer2, 6, [['烟台红富士苹果 10 斤', 'APPLE-YT-5000', 5900, 1, 5200]]);
  parcel(dispatched, 'YX1000000005', dispatched.lines, { courier: users.courier, to: S.DISPATCHED });
  const twoParcels = order(users.buyer2, 26, [['四川丑橘 5 斤', 'ORANGE-SC-2500', 3590, 1, 2600], ['云南蓝莓 4 盒', 'BLUE-YN-500', 8800, 1, 600]]);
  parcel(twoParcels, 'YX1000000006', [twoParcels.lines[0]!], { courier: users.courier2, to: S.IN_TRANSIT });
  parcel(twoParcels, 'YX1000000007', [twoParcels.lines[1]!], { courier: users.courier, to: S.PICKED_UP });
  const buyer2New = order(users.buyer2, 1, [['广西沃柑 5 斤', 'ORANGE-GX-2500', 2990, 1, 2600]]);
  parcel(buyer2New, 'YX1000000008', buyer2New.lines);

  await em.flush();
  return {
    users,
    merchant,
    orders: {
      delivered: delivered.order, outForDelivery: outForDelivery.order, notDispatched: notDispatched.order, exception: exception.order,
      dispatched: dispatched.order, twoParcels: twoParcels.order, buyer2New: buyer2New.order,
    },
  };
}

const STEP_LOCATION: Partial<Record<S, string>> = {
  [S.PICKED_UP]: '上海市浦东新区张江路 88 号',
  [S.IN_TRANSIT]: '上海浦东分拣中心',
  [S.OUT_FOR_DELIVERY]: '上海徐汇营业部',
  [S.DELIVERED]: '收件人本人签收',
  [S.EXCEPTION]: '杭州西湖营业部',
};
