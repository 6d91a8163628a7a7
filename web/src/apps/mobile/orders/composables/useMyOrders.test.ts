import { describe, expect, it } from 'vitest';
import { toOrderCard } from './useMyOrders';

describe('toOrderCard', () => {
  it('turns an order into what its card shows', () => {
    const card = toOrderCard(
      {
        id: 'o1',
        orderNo: 'PD202611260002',
        totalCents: 9960,
        merchant: { id: 'm', name: '优选水果店' },
        lines: [{ id: 'l1', title: '赣南脐橙 5 斤装', quantity: 2 }],
        shipments: [{ id: 's1', waybillNo: 'YX1000000002', status: 'OUT_FOR_DELIVERY' }],
      },
      'zh-CN',
    );
    expect(card).toMatchObject({ orderNo: 'PD202611260002', store: '优选水果店', total: '¥99.60' });
    expect(card.parcels).toEqual([{ id: 's1', waybillNo: 'YX1000000002', status: 'OUT_FOR_DELIVERY' }]);
    expect(card.lines[0]).toEqual({ id: 'l1', title: '赣南脐橙 5 斤装', quantity: 2 });
  });
});
