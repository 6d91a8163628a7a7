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
  ...over,
});
const order = (shipments: BoardShipment[]): BoardOrder => ({
  id: 'o1',
  orderNo: 'PD1',
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
      courier: null,
      redispatch: false,
      canDispatch: true,
    });
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
