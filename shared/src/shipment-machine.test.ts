import { describe, expect, it } from 'vitest';
import { ShipmentStatus as S } from './enums.js';
import {
  SHIPMENT_PROGRESS,
  SHIPMENT_TRANSITIONS,
  canShipmentTransition,
  courierNextStatuses,
  isDispatchable,
} from './shipment-machine.js';
import { isTerminal } from './state-machine.js';

describe('shipment state machine', () => {
  it('walks the happy path step by step', () => {
    for (let i = 0; i + 1 < SHIPMENT_PROGRESS.length; i++) {
      const from = SHIPMENT_PROGRESS[i]!;
      const to = SHIPMENT_PROGRESS[i + 1]!;
      expect(canShipmentTransition(from, to), `${from} → ${to}`).toBe(true);
    }
  });

  it('reaches EXCEPTION from every state before DELIVERED and never from DELIVERED', () => {
    for (const state of Object.values(S)) {
      if (state === S.EXCEPTION) continue;
      expect(canShipmentTransition(state, S.EXCEPTION), state).toBe(state !== S.DELIVERED);
    }
  });

  it('leaves EXCEPTION by re-dispatch or the next scan, not back to CREATED', () => {
    expect(canShipmentTransition(S.EXCEPTION, S.DISPATCHED)).toBe(true);
    expect(canShipmentTransition(S.EXCEPTION, S.OUT_FOR_DELIVERY)).toBe(true);
    expect(canShipmentTransition(S.EXCEPTION, S.CREATED)).toBe(false);
  });

  it('refuses skipping and going backwards', () => {
    expect(canShipmentTransition(S.CREATED, S.DELIVERED)).toBe(false);
    expect(canShipmentTransition(S.DISPATCHED, S.DELIVERED)).toBe(false);
    expect(canShipmentTransition(S.OUT_FOR_DELIVERY, S.PICKED_UP)).toBe(false);
  });

  it('makes DELIVERED the only terminal state and lists every state', () => {
    const terminal = Object.values(S).filter((s) => isTerminal(SHIPMENT_TRANSITIONS, s));
    expect(terminal).toEqual([S.DELIVERED]);
    expect(Object.keys(SHIPMENT_TRANSITIONS).sort()).toEqual(Object.values(S).sort());
  });

  it('offers couriers only scans, never a dispatch', () => {
    expect(courierNextStatuses(S.DISPATCHED)).toEqual([S.PICKED_UP, S.EXCEPTION]);
    expect(courierNextStatuses(S.EXCEPTION)).not.toContain(S.DISPATCHED);
    expect(courierNextStatuses(S.DELIVERED)).toEqual([]);
  });

  it('lets merchants dispatch only undelivered, unpicked parcels', () => {
    expect(isDispatchable(S.CREATED)).toBe(true);
    expect(isDispatchable(S.EXCEPTION)).toBe(true);
    expect(isDispatchable(S.PICKED_UP)).toBe(false);
    expect(isDispatchable(S.DELIVERED)).toBe(false);
  });
});
