import { describe, expect, it } from 'vitest';
import { toDispatchRows, withShipment, type BoardOrder, type BoardShipment } from './dispatchRows';

const shipment = (over: Partial<BoardShipment> = {}): BoardShipment => ({
  id: 's1',
  waybillNo: 'YX1000000003',
  status: 'CREATED',
  version: 1,
  canDispatch: true,
  items: [{ quantity: 2, line: { id: 'l1', title: '海南金煌芒果' } }],
  courier: null,
  dispatch: null,
  events: [],
  ...over,
});
const order = (shipments: BoardShipment[]): BoardOrder => ({
  id: 'o1',
  orderNo: 'PD1',
  shippingAddress: '上海市徐汇区漕溪北路 100 弄 3 号 502 室',
  buyer: { id: 'b', displayName: '买家小王', maskedPhone: '138****0001' },
  shipments,
});

describe('toDispatchRows', () => {
  it('makes one row per parcel with what the merchant needs to decide', () => {
    const [row] = toDispatchRows([order([shipment()])]);
    expect(row).toMatchObject({
      waybillNo: 'YX1000000003',
      orderNo: 'PD1',
      buyer: '买家小王 138****0001',
      items: '海南金煌芒果 × 2',
      address: '上海市徐汇区漕溪北路 100 弄 3 号 502 室',
      exceptionNote: null,
      courier: null,
      redispatch: false,
      canDispatch: true,
    });
  });
});

describe('exception reason', () => {
  const event = (id: string, status: BoardShipment['status'], note: string | null) => ({
    id,
    status,
    note,
    occurredAt: '2026-11-26T08:00:00Z',
    location: null,
    measuredWeightGrams: null,
    receivedBy: null,
    pickupCode: null,
    recordedBy: { id: 'c', displayName: '派件员小赵' },
  });
  it('shows the latest exception note while the parcel is in EXCEPTION, and nothing after it moved on', () => {
    const events = [event('1', 'EXCEPTION', '电话不通'), event('2', 'PICKED_UP', null), event('3', 'EXCEPTION', '门牌不清')];
    expect(toDispatchRows([order([shipment({ status: 'EXCEPTION', events })])])[0]!.exceptionNote).toBe('门牌不清');
    expect(toDispatchRows([order([shipment({ status: 'PICKED_UP', events: events.slice(0, 2) })])])[0]!.exceptionNote).toBeNull();
  });
});

describe('withShipment', () => {
  it('puts a newer copy of a parcel into its order and ignores an older one', () => {
    const orders = [order([shipment()])];
    const dispatched = shipment({ version: 2, status: 'DISPATCHED', courier: { id: 'c', displayName: '派件员老李' } });
    expect(withShipment(orders, dispatched)?.shipments[0]).toBe(dispatched);
    const newer = [order([dispatched])];
    expect(withShipment(newer, shipment())?.shipments[0]).toBe(dispatched);
    expect(withShipment(orders, shipment({ id: 'elsewhere' }))).toBeNull();
  });
});
