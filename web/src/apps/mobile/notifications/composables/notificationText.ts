import { formatCents, parseDecisionDetail, parseFiledDetail, REFUND_ROUTE } from '@parceldesk/shared';
import type { NotificationKind } from '#gql/graphql';
import '../locales';

export interface NotificationInput {
  /** Kinds this client does not know yet (a newer server) fall back to a plain text. */
  kind: NotificationKind | string;
  waybillNo?: string | null;
  detail?: string | null;
  storeName?: string | null;
  itemTitle?: string | null;
  itemCount?: number | null;
}

/**
 * The words of a notification, built here from its kind and parcel (the server sends data, not
 * sentences, so each viewer reads it in their own language). `locale` formats amounts.
 */
export function notificationMessage(n: NotificationInput, locale = 'zh-CN'): { key: string; params: Record<string, string> } {
  const params: Record<string, string> = { waybill: n.waybillNo ?? '', detail: n.detail?.trim() ?? '' };
  // To the store (issue 20): detail "<weighed g>/<expected g>" of a parcel weighed light at pickup.
  if (n.kind === 'PICKUP_WEIGHT_SHORT') [params.weighed = '', params.expected = ''] = params.detail.split('/');
  if (n.kind === 'COMPLAINT_FILED') {
    const filed = parseFiledDetail(n.detail);
    return { key: `notifications.kind.COMPLAINT_FILED${filed.hours ? '' : '_nohours'}`, params: { caseNo: filed.caseNo, hours: String(filed.hours ?? '') } };
  }
  if (n.kind === 'COMPLAINT_DECIDED') {
    // The outcome in words: older notifications carry the kind alone and keep their plain sentence.
    const { kind, value } = parseDecisionDetail(n.detail);
    if (kind === 'REFUND' && value) {
      const amount = formatCents(Number(value), locale);
      return { key: 'notifications.kind.COMPLAINT_DECIDED_REFUND', params: { amount, min: String(REFUND_ROUTE.minWorkingDays), max: String(REFUND_ROUTE.maxWorkingDays) } };
    }
    if (kind === 'RESHIP') return { key: `notifications.kind.COMPLAINT_DECIDED_RESHIP${value ? '' : '_nowaybill'}`, params: { waybill: value } };
    if (kind === 'REJECT' && value) return { key: 'notifications.kind.COMPLAINT_DECIDED_REJECT', params: { reason: value } };
    return { key: 'notifications.kind.COMPLAINT_DECIDED', params };
  }
  const withDetail = n.kind === 'SHIPMENT_EXCEPTION' || n.kind === 'COURIER_DISPATCHED';
  const variant = withDetail && params.detail ? `${n.kind}_detail` : n.kind;
  return { key: `notifications.kind.${variant}`, params };
}

export interface NotificationTarget {
  threadId?: string | null;
  complaintId?: string | null;
  shipmentId?: string | null;
  orderId?: string | null;
  kind: NotificationInput['kind'];
}

/** The page a notification opens: the chat, the complaint, the reviewed order, or the parcel. */
export function notificationLink(n: NotificationTarget): string | null {
  if (n.threadId) return `/m/chat/${n.threadId}`;
  if (n.complaintId) return `/m/complaints/${n.complaintId}`;
  if (n.kind === 'REVIEW_REPLIED' && n.orderId) return `/m/orders/${n.orderId}/review`;
  if (n.shipmentId) return `/m/shipments/${n.shipmentId}`;
  return null;
}

/**
 * What it is about, beside the waybill: "优选水果店 · 丹东草莓 红颜 1 斤 等 2 种商品". A buyer with several
 * orders knows which one without opening it. Null when the server knows no goods (a plain message).
 */
export function notificationAbout(n: NotificationInput): { key: string; params: Record<string, string | number> } | null {
  const item = n.itemTitle?.trim();
  if (!item) return null;
  const count = n.itemCount ?? 1;
  const store = n.storeName?.trim();
  const base = store ? 'about' : 'aboutItem';
  const params = { store: store ?? '', item, n: count, more: count - 1 };
  return { key: `notifications.${base}${count > 1 ? 'More' : ''}`, params };
}
