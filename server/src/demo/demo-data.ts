import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, ShipmentStatus as S } from '@parceldesk/shared';
import type { Logger } from 'pino';
import { hashPassword } from '../accounts/password.js';
import { SYSTEM_ACTOR_ID } from '../accounts/system-actor.js';
import { User } from '../accounts/user.entity.js';
import { Merchant } from '../shipments/merchant.entity.js';
import type { OrderLine } from '../shipments/order-line.entity.js';
import type { Order } from '../shipments/order.entity.js';
import { seedDemoChat } from './demo-chat.js';
import { seedDemoMacros } from './demo-macros.js';
import { OrderBuilder, type LineSpec, type ParcelPath, type PlacedOrder } from './order-builder.js';

export const DEMO_PASSWORD = 'demo1234';

/** DESIGN §6: the demo cast. Phones are the logins; the password is the same for all. */
export const DEMO_LOGINS = [
  { key: 'buyer', role: Role.BUYER, phone: '13800000001', displayName: '买家小王' },
  { key: 'courier', role: Role.COURIER, phone: '13800000002', displayName: '派件员老李' },
  { key: 'merchant', role: Role.MERCHANT, phone: '13800000003', displayName: '优选水果店' },
  { key: 'agent', role: Role.AGENT, phone: '13800000004', displayName: '客服小张' },
  { key: 'buyer2', role: Role.BUYER, phone: '13800000005', displayName: '买家小陈' },
  { key: 'courier2', role: Role.COURIER, phone: '13800000006', displayName: '派件员小赵' },
  // A second agent, so two can work side by side (presence on a case, bulk assignment).
  { key: 'agent2', role: Role.AGENT, phone: '13800000008', displayName: '客服小李' },
  // A third buyer whose delivered order (two boxes, one weighed at pickup) the agents' workspace
  // journey files a routine case on, apart from the orders the other journeys use.
  { key: 'buyer3', role: Role.BUYER, phone: '13800000007', displayName: '买家小刘' },
  // 售后 journeys (issue 16): a buyer of his own, so they never share an order with other journeys.
  { key: 'buyer4', role: Role.BUYER, phone: '13800000009', displayName: '买家小周' },
] as const;

export type DemoKey = (typeof DEMO_LOGINS)[number]['key'];

/** Loads the demo data into a database that has no users yet; a used database is left alone. */
export async function seedDemoDataIfEmpty(em: EntityManager, logger: Logger): Promise<boolean> {
  if ((await em.count(User, { id: { $ne: SYSTEM_ACTOR_ID } })) > 0) return false;
  await seedDemoData(em);
  logger.info('demo data loaded');
  return true;
}

export interface DemoData {
  users: Record<DemoKey, User>;
  merchant: Merchant;
  /** By story: what each order shows in the demo. */
  orders: Record<'delivered' | 'outForDelivery' | 'notDispatched' | 'exception' | 'dispatched' | 'twoParcels' | 'buyer2New' | 'toReview' | 'buyer3Delivered' | 'buyer3Second' | 'afterSales', Order>;
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

  const build = new OrderBuilder(em, { merchant, merchantUser: users.merchant, now, pickupAddress: DEMO_PICKUP_ADDRESS, notificationHistory: true });
  const address = (buyer: User) =>
    buyer === users.buyer ? '上海市徐汇区漕溪北路 100 弄 3 号 502 室' : buyer === users.buyer3 ? '南京市鼓楼区中山北路 30 号 12 栋 602' : '杭州市西湖区文三路 200 号 1 单元 801';
  const order = (buyer: User, createdHoursAgo: number, lines: LineSpec[]) => build.order({ buyer, createdHoursAgo, lines, shippingAddress: address(buyer) });
  const parcel = (placed: PlacedOrder, waybillNo: string, lines: OrderLine[], path?: ParcelPath) => build.parcel(placed, waybillNo, lines, path);

  const delivered = order(users.buyer, 72, [['阳光玫瑰葡萄 精品礼盒 2 斤', 'GRAPE-SM-1KG', 5990, 2, 1100]]);
  // 少件: two boxes ordered, one arrived; the pickup scale already weighed one box's worth.
  parcel(delivered, 'YX1000000001', delivered.lines, { courier: users.courier, to: S.DELIVERED, pickupWeightGrams: 1150 });
  const outForDelivery = order(users.buyer, 20, [['赣南脐橙 5 斤装', 'ORANGE-GN-2500', 3980, 1, 2600], ['阿克苏冰糖心苹果 3 斤', 'APPLE-AKS-1500', 2990, 2, 1600]]);
  const outForDeliveryParcel = parcel(outForDelivery, 'YX1000000002', outForDelivery.lines, { courier: users.courier, to: S.OUT_FOR_DELIVERY });
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
  // 在线评价: delivered in full and not yet reviewed (the reviews journey tags it arrived short).
  const toReview = order(users.buyer2, 50, [['陕西徐香猕猴桃 12 个装', 'KIWI-SX-12', 4590, 2, 1300], ['山东烟台大樱桃 1 斤', 'CHERRY-YT-500', 8900, 1, 600]]);
  parcel(toReview, 'YX1000000009', toReview.lines, { courier: users.courier2, to: S.DELIVERED });
  const buyer3Delivered = order(users.buyer3, 40, [['新疆库尔勒香梨 5 斤', 'PEAR-XJ-2500', 4990, 2, 2600]]);
  parcel(buyer3Delivered, 'YX1000000010', buyer3Delivered.lines, { courier: users.courier2, to: S.DELIVERED, pickupWeightGrams: 2650 });
  const buyer3Second = order(users.buyer3, 30, [['海南妃子笑荔枝 3 斤', 'LYCHEE-HN-1500', 6990, 2, 1600]]);
  parcel(buyer3Second, 'YX1000000011', buyer3Second.lines, { courier: users.courier2, to: S.DELIVERED, pickupWeightGrams: 1640 });
  // 售后 (issue 16): three boxes ordered and delivered; the after-sales journey and screenshots claim one.
  const afterSales = order(users.buyer4, 20, [['丹东草莓 红颜 1 斤', 'STRAW-DD-500', 5990, 3, 700]]);
  parcel(afterSales, 'YX1000000012', afterSales.lines, { courier: users.courier2, to: S.DELIVERED });

  seedDemoChat(em, { buyer: users.buyer, courier: users.courier, outForDelivery: outForDeliveryParcel, delivered: delivered.order, now });
  seedDemoMacros(em, users.agent);

  await em.flush();
  return {
    users,
    merchant,
    orders: {
      delivered: delivered.order, outForDelivery: outForDelivery.order, notDispatched: notDispatched.order, exception: exception.order,
      dispatched: dispatched.order, twoParcels: twoParcels.order, buyer2New: buyer2New.order, toReview: toReview.order,
      buyer3Delivered: buyer3Delivered.order, buyer3Second: buyer3Second.order, afterSales: afterSales.order,
    },
  };
}
