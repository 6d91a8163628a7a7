import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { caseAlertKey } from './useAlerts';

describe('the desk’s case alerts for agents and stores (issue 18)', () => {
  it('tells of a new case, and of news or a passed due time on the agent’s own cases only', () => {
    expect(caseAlertKey('NEW', null, 'me')).toBe('alerts.caseNew');
    expect(caseAlertKey('UPDATED', 'me', 'me')).toBe('alerts.caseUpdated');
    expect(caseAlertKey('OVERDUE', 'me', 'me')).toBe('alerts.caseOverdue');
    // A colleague's case, an unassigned one, and assignments and decisions stay in the queue.
    expect(caseAlertKey('UPDATED', 'colleague', 'me')).toBeNull();
    expect(caseAlertKey('OVERDUE', null, 'me')).toBeNull();
    expect(caseAlertKey('ASSIGNED', 'me', 'me')).toBeNull();
    expect(caseAlertKey('RESOLVED', 'me', 'me')).toBeNull();
    // Stores get their own cases only (the server filters): new, news and the decision, not the agents' bookkeeping.
    expect(caseAlertKey('NEW', null, 'store', 'MERCHANT')).toBe('alerts.caseNew');
    expect(caseAlertKey('UPDATED', 'agent', 'store', 'MERCHANT')).toBe('alerts.caseUpdated');
    expect(caseAlertKey('RESOLVED', 'agent', 'store', 'MERCHANT')).toBe('alerts.caseResolved');
    expect(caseAlertKey('ASSIGNED', 'agent', 'store', 'MERCHANT')).toBeNull();
    expect(caseAlertKey('OVERDUE', 'agent', 'store', 'MERCHANT')).toBeNull();
    // Worded in both languages.
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.alerts)).toEqual(expect.arrayContaining(['case', 'caseNew', 'caseUpdated', 'caseOverdue', 'caseResolved', 'notSent', 'store', 'pickupShort']));
    }
  });
});
