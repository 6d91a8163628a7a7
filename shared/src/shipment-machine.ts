import { ShipmentStatus as S } from './enums.js';
import { canTransition, nextStates, type Transitions } from './state-machine.js';

/**
 * DESIGN §5: CREATED → DISPATCHED → PICKED_UP → IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED, with
 * EXCEPTION reachable from any state before DELIVERED. A parcel leaves EXCEPTION by re-dispatch
 * (back to DISPATCHED) or by the next scan of the courier who holds it (PICKED_UP onwards).
 */
export const SHIPMENT_TRANSITIONS: Transitions<S> = {
  CREATED: [S.DISPATCHED, S.EXCEPTION],
  DISPATCHED: [S.DISPATCHED, S.PICKED_UP, S.EXCEPTION],
  PICKED_UP: [S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.EXCEPTION],
  IN_TRANSIT: [S.OUT_FOR_DELIVERY, S.EXCEPTION],
  OUT_FOR_DELIVERY: [S.DELIVERED, S.EXCEPTION],
  DELIVERED: [],
  EXCEPTION: [S.DISPATCHED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED],
};

/** The order in which a parcel normally moves; the buyer's timeline draws these steps. */
export const SHIPMENT_PROGRESS: readonly S[] = [
  S.CREATED,
  S.DISPATCHED,
  S.PICKED_UP,
  S.IN_TRANSIT,
  S.OUT_FOR_DELIVERY,
  S.DELIVERED,
];

/** States a merchant may (re-)dispatch from. */
export const DISPATCHABLE_STATES: readonly S[] = [S.CREATED, S.DISPATCHED, S.EXCEPTION];

/** States a courier records by scanning; DISPATCHED is the merchant's, through dispatchShipment. */
export const COURIER_RECORDABLE_STATES: readonly S[] = [
  S.PICKED_UP,
  S.IN_TRANSIT,
  S.OUT_FOR_DELIVERY,
  S.DELIVERED,
  S.EXCEPTION,
];

export function canShipmentTransition(from: S, to: S): boolean {
  return canTransition(SHIPMENT_TRANSITIONS, from, to);
}

/** What a courier can record next on a parcel in `status` (what the one-tap buttons show). */
export function courierNextStatuses(status: S): S[] {
  return nextStates(SHIPMENT_TRANSITIONS, status).filter((s) => COURIER_RECORDABLE_STATES.includes(s));
}

export function isDispatchable(status: S): boolean {
  return DISPATCHABLE_STATES.includes(status);
}

/**
 * The scan a courier is expected to record next, shown as the primary button: the next step of
 * SHIPMENT_PROGRESS, or after an exception the step after the one the parcel had reached
 * (`before`). Null when nothing is expected of the courier (delivered, or waiting for dispatch).
 */
export function expectedCourierAction(status: S, before: S | null = null): S | null {
  const reached = status === S.EXCEPTION ? before : status;
  if (!reached || reached === S.CREATED || reached === S.EXCEPTION) return null;
  const next = SHIPMENT_PROGRESS[SHIPMENT_PROGRESS.indexOf(reached) + 1] ?? null;
  return next && courierNextStatuses(status).includes(next) ? next : null;
}
