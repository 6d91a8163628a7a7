import { ComplaintStatus as C } from './enums.js';
import { canTransition, type Transitions } from './state-machine.js';

/**
 * DESIGN §5: SUBMITTED → IN_REVIEW → (AWAITING_BUYER ↔ IN_REVIEW) → RESOLVED | REJECTED → CLOSED;
 * WITHDRAWN from any open state by the buyer; a RESOLVED or REJECTED case may be disputed once
 * (back to IN_REVIEW) before it closes. "Once" needs the case's history, so it is checked by
 * `canDispute`, not by the transition table.
 */
export const COMPLAINT_TRANSITIONS: Transitions<C> = {
  SUBMITTED: [C.IN_REVIEW, C.WITHDRAWN],
  IN_REVIEW: [C.AWAITING_BUYER, C.RESOLVED, C.REJECTED, C.WITHDRAWN],
  AWAITING_BUYER: [C.IN_REVIEW, C.WITHDRAWN],
  RESOLVED: [C.IN_REVIEW, C.CLOSED],
  REJECTED: [C.IN_REVIEW, C.CLOSED],
  CLOSED: [],
  WITHDRAWN: [],
};

export const OPEN_COMPLAINT_STATES: readonly C[] = [C.SUBMITTED, C.IN_REVIEW, C.AWAITING_BUYER];

export function canComplaintTransition(from: C, to: C): boolean {
  return canTransition(COMPLAINT_TRANSITIONS, from, to);
}

export function isComplaintOpen(status: C): boolean {
  return OPEN_COMPLAINT_STATES.includes(status);
}

/** A decided case goes back to review at most once. */
export function canDispute(status: C, disputesSoFar: number): boolean {
  return (status === C.RESOLVED || status === C.REJECTED) && disputesSoFar === 0;
}
