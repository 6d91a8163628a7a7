import { describe, expect, it } from 'vitest';
import { caseChanges } from './caseChanges';

describe('caseChanges', () => {
  it('says who changed what while the agent was deciding', () => {
    const before = { status: 'IN_REVIEW', assignee: { displayName: '客服小张' }, notes: [1], evidence: [1], timeline: [{ kind: 'FILED' }] };
    const after = {
      status: 'AWAITING_BUYER',
      assignee: { displayName: '客服小李' },
      notes: [1, 2],
      evidence: [1],
      timeline: [{ kind: 'FILED' }, { kind: 'EVIDENCE_REQUESTED', actor: { displayName: '客服小李' } }],
    };
    expect(caseChanges(before, after, (s) => s.toLowerCase(), '未分配')).toEqual({
      by: '客服小李',
      changes: [
        { key: 'status', params: { from: 'in_review', to: 'awaiting_buyer' } },
        { key: 'assignee', params: { from: '客服小张', to: '客服小李' } },
        { key: 'notes', params: { n: 1 } },
      ],
    });
  });
});
