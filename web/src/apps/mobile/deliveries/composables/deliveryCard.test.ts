import { describe, expect, it } from 'vitest';
import { toDeliveryCard, type Delivery } from './useDeliveries';

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  id: 's1',
  waybillNo: 'YX1000000005',
  status: 'DISPATCHED',
  statusBeforeException: null,
  version: 3,
  courierActions: ['PICKED_UP', 'EXCEPTION'],
  order: { id: 'o1', shippingAddress: '杭州市西湖区文三路 200 号 1 单元 801' },
  recipient: { name: '买家小李', phone: '13800000005', masked: false },
  items: [
    { quantity: 1, line: { id: 'l1', title: '烟台红富士苹果 10 斤' } },
    { quantity: 2, line: { id: 'l2', title: '云南蓝莓' } },
  ],
  dispatch: { id: 'd1', pickupAt: '2026-11-28T02:00:00Z', pickupAddress: '仓库', note: '前台自提' },
  ...over,
});

describe('toDeliveryCard', () => {
  it('gives the courier who to call, where to go (with a map link) and what they carry', () => {
    const card = toDeliveryCard(delivery());
    expect(card.recipient).toEqual({ name: '买家小李', phone: '13800000005', href: 'tel:13800000005' });
    expect(card.mapHref).toBe(`https://uri.amap.com/search?keyword=${encodeURIComponent('杭州市西湖区文三路 200 号 1 单元 801')}`);
    expect(card.items).toBe('烟台红富士苹果 10 斤 × 1、云南蓝莓 × 2');
    expect(card.pickupNote).toBe('前台自提');
  });

  it('offers no call link for a masked number', () => {
    const card = toDeliveryCard(delivery({ recipient: { name: '买家小李', phone: '138****0005', masked: true } }));
    expect(card.recipient).toEqual({ name: '买家小李', phone: '138****0005', href: null });
  });
});
