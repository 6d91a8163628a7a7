import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, ShipmentStatus } from '@parceldesk/shared';
import { randomBytes } from 'node:crypto';
import { User } from '../accounts/user.entity.js';
import { OrderBuilder } from '../demo/order-builder.js';
import { Merchant } from '../shipments/merchant.entity.js';
import type { Order } from '../shipments/order.entity.js';

const unique = () => randomBytes(4).toString('hex');
let phoneSerial = 0;

/** A user with defaults; pass what the test cares about. */
export function userFactory(em: EntityManager, overrides: Partial<{ role: User['role']; displayName: string; phone: string }> = {}): User {
  phoneSerial += 1;
  const user = new User({
    role: overrides.role ?? Role.BUYER,
    phone: overrides.phone ?? `139${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSerial).padStart(4, '0')}`,
    displayName: overrides.displayName ?? `user-${unique()}`,
    passwordHash: 'not-a-real-hash',
  });
  em.persist(user);
  return user;
}

export function merchantFactory(em: EntityManager, owner?: User): Merchant {
  const merchant = new Merchant(owner ?? userFactory(em, { role: Role.MERCHANT }), `store-${unique()}`);
  em.persist(merchant);
  return merchant;
}

/** `count` orders for one buyer, each with two lines and two parcels with full histories. */
export async function ordersFactory(
  em: EntityManager,
  input: { buyer: User; merchant: Merchant; merchantUser: User; courier: User; count: number },
): Promise<Order[]> {
  const build = new OrderBuilder(em, { merchant: input.merchant, merchantUser: input.merchantUser, now: new Date(), pickupAddress: '测试仓库' });
  const orders: Order[] = [];
  for (let i = 0; i < input.count; i++) {
    const placed = build.order({
      buyer: input.buyer,
      createdHoursAgo: 100 - i,
      orderNo: `T${unique()}`,
      shippingAddress: '测试地址',
      lines: [
        ['item A', 'A', 1000, 2, 500],
        ['item B', 'B', 2500, 1, 800],
      ],
    });
    build.parcel(placed, `W${unique()}`, [placed.lines[0]!], { courier: input.courier, to: ShipmentStatus.DELIVERED });
    build.parcel(placed, `W${unique()}`, [placed.lines[1]!], { courier: input.courier, to: ShipmentStatus.OUT_FOR_DELIVERY });
    orders.push(placed.order);
  }
  await em.flush();
  return orders;
}
