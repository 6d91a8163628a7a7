import type { EntityManager } from '@mikro-orm/postgresql';
import { CHAT_LIMITS, Role, ShipmentStatus, ThreadKind } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { prepared, runPrepared } from '../db/prepared.js';

/** What the access rule and the write rules need to know about a thread: one small query. */
export interface ThreadAccessRow {
  id: string;
  kind: ThreadKind;
  buyerId: string;
  /** COURIER: the courier holding the parcel now (null before dispatch). */
  courierId: string | null;
  shipmentId: string | null;
  shipmentStatus: ShipmentStatus | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
}

/** SQL columns for ThreadAccessRow over `threads t left join shipments s`. */
export const THREAD_ACCESS_COLUMNS = `t.id, t.kind, t.buyer_id as "buyerId", s.courier_id as "courierId", t.shipment_id as "shipmentId",
  s.status as "shipmentStatus", s.delivered_at as "deliveredAt", t.closed_at as "closedAt"`;

/**
 * Who may read, write and follow a thread (issue 6): its buyer; for a COURIER thread the courier
 * holding the parcel now (so a re-dispatch moves it); for a SUPPORT thread any agent. Everyone
 * else gets NOT_FOUND, exactly like a missing id. Other features (complaints) call this too.
 */
export function canAccessThread(viewer: Pick<User, 'id' | 'role'>, thread: Pick<ThreadAccessRow, 'kind' | 'buyerId' | 'courierId'>): boolean {
  switch (viewer.role) {
    case Role.BUYER:
      return thread.buyerId === viewer.id;
    case Role.COURIER:
      return thread.kind === ThreadKind.COURIER && thread.courierId === viewer.id;
    case Role.AGENT:
      return thread.kind === ThreadKind.SUPPORT;
    case Role.MERCHANT:
      return false;
  }
}

/** When writing stops: a courier thread 72 h after its parcel was delivered; a support thread once closed. */
export function readOnlyFrom(thread: Pick<ThreadAccessRow, 'kind' | 'shipmentStatus' | 'deliveredAt' | 'closedAt'>): Date | null {
  if (thread.kind === ThreadKind.SUPPORT) return thread.closedAt && new Date(thread.closedAt);
  if (thread.shipmentStatus !== ShipmentStatus.DELIVERED || !thread.deliveredAt) return null;
  return new Date(new Date(thread.deliveredAt).getTime() + CHAT_LIMITS.readOnlyHoursAfterDelivery * 3600_000);
}

export function isReadOnly(thread: Parameters<typeof readOnlyFrom>[0], now = new Date()): boolean {
  const from = readOnlyFrom(thread);
  return from !== null && from <= now;
}

/** Whether this viewer may not write: a closed support conversation stays writable for its buyer, whose message reopens it. */
export function isReadOnlyFor(thread: Parameters<typeof readOnlyFrom>[0], viewer: Pick<User, 'role'>, now = new Date()): boolean {
  if (thread.kind === ThreadKind.SUPPORT && viewer.role === Role.BUYER) return false;
  return isReadOnly(thread, now);
}

const THREAD_ACCESS = prepared('chat_thread_access', `select ${THREAD_ACCESS_COLUMNS} from threads t left join shipments s on s.id = t.shipment_id where t.id = ?`);

export async function loadThreadAccess(em: EntityManager, id: string): Promise<ThreadAccessRow | null> {
  if (!isUuid(id)) return null;
  const rows = await runPrepared<ThreadAccessRow>(em, THREAD_ACCESS, [id]);
  return rows[0] ?? null;
}

/** The thread if the viewer may see it; NOT_FOUND for a missing, malformed or foreign id alike. */
export async function findAccessibleThread(em: EntityManager, viewer: Pick<User, 'id' | 'role'>, id: string): Promise<ThreadAccessRow> {
  const thread = await loadThreadAccess(em, id);
  if (!thread || !canAccessThread(viewer, thread)) throw notFound('Thread');
  return thread;
}
