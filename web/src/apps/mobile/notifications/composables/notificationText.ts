import type { NotificationKind } from '#gql/graphql';
import '../locales';

export interface NotificationInput {
  kind: NotificationKind;
  waybillNo?: string | null;
  detail?: string | null;
}

/**
 * The words of a notification, built here from its kind and parcel (the server sends data, not
 * sentences, so each viewer reads it in their own language).
 */
export function notificationMessage(n: NotificationInput): { key: string; params: Record<string, string> } {
  const params = { waybill: n.waybillNo ?? '', detail: n.detail?.trim() ?? '' };
  const withDetail = n.kind === 'SHIPMENT_EXCEPTION' || n.kind === 'COURIER_DISPATCHED';
  const variant = withDetail && params.detail ? `${n.kind}_detail` : n.kind;
  return { key: `notifications.kind.${variant}`, params };
}
