import { describe, expect, it } from 'vitest';
import { toQueueRows, withOverdue } from './queueRows';

const node = (slaDueAt: string | null) => ({
  __typename: 'Complaint' as const,
  id: 'c1',
  caseNo: 'C1',
  status: 'SUBMITTED' as const,
  channels: ['PLATFORM' as const],
  slaDueAt,
  createdAt: '2026-11-27T00:00:00Z',
  version: 1,
  buyer: { __typename: 'User' as const, id: 'b', displayName: '买家小王' },
  assignee: null,
  order: { __typename: 'Order' as const, id: 'o', orderNo: 'PD1' },
  missingItems: [
    { __typename: 'ComplaintLine' as const, quantityMissing: 1, line: { __typename: 'OrderLine' as const, id: 'l1', title: '葡萄' } },
    { __typename: 'ComplaintLine' as const, quantityMissing: 2, line: { __typename: 'OrderLine' as const, id: 'l2', title: '苹果' } },
  ],
  evidenceChecklist: { __typename: 'EvidenceChecklist' as const, complete: false },
});

describe('toQueueRows', () => {
  it('lists the missing items and marks a case past its SLA due time as overdue', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    const [late] = toQueueRows([node('2026-11-27T11:00:00Z')], now);
    expect(late).toMatchObject({ items: '葡萄 × 1；苹果 × 2', overdue: true, assignee: null, evidenceComplete: false });
    expect(toQueueRows([node('2026-11-27T13:00:00Z')], now)[0]!.overdue).toBe(false);
    expect(toQueueRows([node(null)], now)[0]!.overdue).toBe(false);
  });
});

describe('withOverdue', () => {
  const event = (kind: string, id: string) => ({ kind, complaint: { id, caseNo: `C-${id}` } });
  it('lists cases that go overdue, newest first, each once, a few at most; other events leave it', () => {
    let shown = withOverdue([], event('OVERDUE', 'a'));
    shown = withOverdue(shown, event('ASSIGNED', 'b'));
    shown = withOverdue(shown, event('OVERDUE', 'b'));
    shown = withOverdue(shown, event('OVERDUE', 'a'));
    expect(shown).toEqual([{ id: 'a', caseNo: 'C-a' }, { id: 'b', caseNo: 'C-b' }]);
    for (const id of ['c', 'd', 'e', 'f']) shown = withOverdue(shown, event('OVERDUE', id));
    expect(shown.map((c) => c.id)).toEqual(['f', 'e', 'd', 'c', 'a']);
  });
});
