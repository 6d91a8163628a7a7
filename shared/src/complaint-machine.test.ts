import { describe, expect, it } from 'vitest';
import { ComplaintStatus as C } from './enums.js';
import {
  COMPLAINT_TRANSITIONS,
  OPEN_COMPLAINT_STATES,
  canComplaintTransition,
  canDispute,
  isComplaintOpen,
} from './complaint-machine.js';
import { isTerminal } from './state-machine.js';

describe('complaint state machine', () => {
  it('moves a case through review to a decision and closes it', () => {
    expect(canComplaintTransition(C.SUBMITTED, C.IN_REVIEW)).toBe(true);
    expect(canComplaintTransition(C.IN_REVIEW, C.AWAITING_BUYER)).toBe(true);
    expect(canComplaintTransition(C.AWAITING_BUYER, C.IN_REVIEW)).toBe(true);
    expect(canComplaintTransition(C.IN_REVIEW, C.RESOLVED)).toBe(true);
    expect(canComplaintTransition(C.IN_REVIEW, C.REJECTED)).toBe(true);
    expect(canComplaintTransition(C.RESOLVED, C.CLOSED)).toBe(true);
    expect(canComplaintTransition(C.REJECTED, C.CLOSED)).toBe(true);
  });

  it('lets the buyer withdraw from every open state and from no other', () => {
    for (const state of Object.values(C)) {
      expect(canComplaintTransition(state, C.WITHDRAWN), state).toBe(OPEN_COMPLAINT_STATES.includes(state));
    }
  });

  it('refuses deciding without review', () => {
    expect(canComplaintTransition(C.SUBMITTED, C.RESOLVED)).toBe(false);
    expect(canComplaintTransition(C.AWAITING_BUYER, C.REJECTED)).toBe(false);
  });

  it('ends in CLOSED and WITHDRAWN only', () => {
    const terminal = Object.values(C).filter((s) => isTerminal(COMPLAINT_TRANSITIONS, s));
    expect(terminal.sort()).toEqual([C.CLOSED, C.WITHDRAWN].sort());
  });

  it('allows one dispute of a decided case', () => {
    expect(canDispute(C.RESOLVED, 0)).toBe(true);
    expect(canDispute(C.REJECTED, 0)).toBe(true);
    expect(canDispute(C.RESOLVED, 1)).toBe(false);
    expect(canDispute(C.IN_REVIEW, 0)).toBe(false);
  });

  it('knows which states are open', () => {
    expect(isComplaintOpen(C.AWAITING_BUYER)).toBe(true);
    expect(isComplaintOpen(C.RESOLVED)).toBe(false);
  });
});
