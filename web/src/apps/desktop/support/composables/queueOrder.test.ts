import { describe, expect, it } from 'vitest';
import { queueOrder } from './queueOrder';

describe('queueOrder', () => {
  it('puts waiting buyers first, longest wait first, then answered threads by latest activity', () => {
    const threads = [
      { id: 'answered-old', waitingSince: null, lastMessageAt: '2026-01-01T09:00:00Z' },
      { id: 'waiting-new', waitingSince: '2026-01-01T10:00:00Z', lastMessageAt: '2026-01-01T10:00:00Z' },
      { id: 'answered-new', waitingSince: null, lastMessageAt: '2026-01-01T11:00:00Z' },
      { id: 'waiting-old', waitingSince: '2026-01-01T08:00:00Z', lastMessageAt: '2026-01-01T10:30:00Z' },
    ];
    expect(queueOrder(threads).map((t) => t.id)).toEqual(['waiting-old', 'waiting-new', 'answered-new', 'answered-old']);
  });
});
