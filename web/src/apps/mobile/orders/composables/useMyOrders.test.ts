import { describe, expect, it } from 'vitest';
import { toOrderCard, toOrderCase } from './useMyOrders';

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

describe('toOrderCase', () => {
  const base = { id: 'c1', caseNo: 'C20261207ABC123', orderId: 'o1', resolutionKind: null, refundCents: null, reshipmentWaybillNo: null };
  it('says a case is in progress while it is open, and the outcome once it is decided', () => {
    expect(toOrderCase({ ...base, status: 'IN_REVIEW' }, 'zh-CN')).toEqual({ id: 'c1', caseNo: 'C20261207ABC123', open: true, outcome: null });
    expect(toOrderCase({ ...base, status: 'RESOLVED', resolutionKind: 'REFUND', refundCents: 5990 }, 'zh-CN').outcome).toEqual({ key: 'orders.case.REFUND', params: { amount: '¥59.90' } });
    expect(toOrderCase({ ...base, status: 'CLOSED', resolutionKind: 'RESHIP', reshipmentWaybillNo: 'RS1' }, 'zh-CN').outcome).toEqual({ key: 'orders.case.RESHIP', params: { waybill: 'RS1' } });
    expect(toOrderCase({ ...base, status: 'REJECTED', resolutionKind: 'REJECT' }, 'zh-CN').outcome?.key).toBe('orders.case.REJECT');
    expect(toOrderCase({ ...base, status: 'WITHDRAWN' }, 'zh-CN').outcome?.key).toBe('orders.case.WITHDRAWN');
  });
});
