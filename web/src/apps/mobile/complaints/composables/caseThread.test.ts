import { describe, expect, it } from 'vitest';
import { caseThread } from './caseThread';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}${JSON.stringify(params)}` : key);

describe('caseThread', () => {
  it('merges public notes and system steps into one thread, oldest first, saying who', () => {
    const thread = caseThread(
      {
        meId: 'b1',
        locale: 'zh-CN',
        notes: [
          { id: 'n1', body: '请补充箱内照片', createdAt: '2026-12-07T10:01:00Z', author: { id: 'a1', displayName: '客服小张', role: 'AGENT' }, photos: [] },
          { id: 'n2', body: '已补充', createdAt: '2026-12-07T10:05:00Z', author: { id: 'b1', displayName: '买家小王', role: 'BUYER' }, photos: [{ id: 'p', url: '/evidence/p', thumbnailUrl: '/evidence/p/thumb' }] },
        ],
        timeline: [
          { id: 'e1', kind: 'FILED', createdAt: '2026-12-07T10:00:00Z' },
          { id: 'e2', kind: 'EVIDENCE_REQUESTED', createdAt: '2026-12-07T10:01:00Z' },
          { id: 'e3', kind: 'NOTE_ADDED', createdAt: '2026-12-07T10:05:00Z' },
          { id: 'e4', kind: 'RESOLVED', detail: 'REFUND:5990', createdAt: '2026-12-07T11:00:00Z' },
        ],
      },
      t,
    );
    expect(thread.map((e) => [e.id, e.side])).toEqual([['e1', 'system'], ['e2', 'system'], ['n1', 'AGENT'], ['n2', 'me'], ['e4', 'system']]);
    expect(thread[2]!.who).toBe('complaints.case.who.AGENT{"name":"客服小张"}');
    expect(thread[3]!.photos).toHaveLength(1);
    expect(thread[4]!.text).toContain('¥59.90');
  });
});
