import { describe, expect, it } from 'vitest';
import type { ChatThreadFieldsFragment } from '#gql/graphql';
import { toThreadRow, unreadFirst } from './threadRows';

const base: ChatThreadFieldsFragment = {
    id: 't1',
  kind: 'COURIER',
  shipmentId: 's1',
  waybillNo: 'YX1',
  shipmentStatus: 'OUT_FOR_DELIVERY',
  orderId: null,
  orderNo: null,
  lastSeq: 3,
  unreadCount: 2,
  otherReadSeq: 1,
  canWrite: true,
  closedAt: null,
  waitingSince: null,
  lastMessageAt: '2026-01-01T00:00:00Z',
  buyer: { id: 'b', displayName: '买家小王' },
  courier: { id: 'c', displayName: '派件员老李' },
  lastAgent: null,
  assignee: null,
  lastMessage: null,
};

describe('toThreadRow', () => {
  it('names the other side: the courier for the buyer, the buyer for the courier, support for a buyer’s support thread', () => {
    expect(toThreadRow(base, 'b', '客服').title).toBe('派件员老李');
    expect(toThreadRow(base, 'c', '客服').title).toBe('买家小王');
    const support = { ...base, kind: 'SUPPORT' as const, courier: null, waybillNo: null, orderNo: 'PD1' };
    expect(toThreadRow(support, 'b', '客服')).toMatchObject({ title: '客服', context: { key: 'chat.order', no: 'PD1' } });
    expect(toThreadRow(support, 'agent', '客服').title).toBe('买家小王');
  });

  it('previews a SYSTEM message by its event', () => {
    const row = toThreadRow({ ...base, lastMessage: { id: 'm', threadId: 't1', seq: 3, kind: 'SYSTEM', body: '派件员老李', systemEvent: 'DISPATCHED', createdAt: '', clientMessageId: null, author: null, photo: null } }, 'b', '客服');
    expect(row.preview).toEqual({ text: '派件员老李', systemEvent: 'DISPATCHED', photo: false });
    expect(row.context).toEqual({ key: 'chat.waybill', no: 'YX1' });
  });

  it('puts threads with unread messages first, newest activity first in each part, and re-sorts when a count drops', () => {
    const at = (id: string, minute: number, unread: number) => ({ ...toThreadRow({ ...base, id, lastMessageAt: `2026-01-01T00:${minute}:00Z` }, 'c', '客服'), unread });
    const rows = [at('old-read', 10, 0), at('new-read', 50, 0), at('old-unread', 20, 2), at('new-unread', 40, 1)];
    expect(unreadFirst(rows).map((r) => r.id)).toEqual(['new-unread', 'old-unread', 'new-read', 'old-read']);
    // Read on another device: its count drops live and it takes its place among the read ones.
    const readElsewhere = rows.map((r) => (r.id === 'new-unread' ? { ...r, unread: 0 } : r));
    expect(unreadFirst(readElsewhere).map((r) => r.id)).toEqual(['old-unread', 'new-read', 'new-unread', 'old-read']);
  });
});
