// Enum keys equal their values: type-graphql publishes the keys, the database stores the values,
// and both sides of the wire read the same strings.

export const Role = {
  BUYER: 'BUYER',
  COURIER: 'COURIER',
  MERCHANT: 'MERCHANT',
  AGENT: 'AGENT',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const Locale = {
  zh_CN: 'zh-CN',
  en: 'en',
} as const;
export type Locale = (typeof Locale)[keyof typeof Locale];
export const LOCALES: readonly Locale[] = [Locale.zh_CN, Locale.en];

export const ShipmentStatus = {
  CREATED: 'CREATED',
  DISPATCHED: 'DISPATCHED',
  PICKED_UP: 'PICKED_UP',
  IN_TRANSIT: 'IN_TRANSIT',
  OUT_FOR_DELIVERY: 'OUT_FOR_DELIVERY',
  DELIVERED: 'DELIVERED',
  EXCEPTION: 'EXCEPTION',
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

export const DispatchChannel = {
  PHONE: 'PHONE',
  APP: 'APP',
} as const;
export type DispatchChannel = (typeof DispatchChannel)[keyof typeof DispatchChannel];

export const ComplaintStatus = {
  SUBMITTED: 'SUBMITTED',
  IN_REVIEW: 'IN_REVIEW',
  AWAITING_BUYER: 'AWAITING_BUYER',
  RESOLVED: 'RESOLVED',
  REJECTED: 'REJECTED',
  CLOSED: 'CLOSED',
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type ComplaintStatus = (typeof ComplaintStatus)[keyof typeof ComplaintStatus];

export const ComplaintChannel = {
  PLATFORM: 'PLATFORM',
  CUSTOMER_SERVICE: 'CUSTOMER_SERVICE',
  REVIEW: 'REVIEW',
} as const;
export type ComplaintChannel = (typeof ComplaintChannel)[keyof typeof ComplaintChannel];

/** The GraphQL error codes of DESIGN §3; the server maps every expected failure to one of them. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA: 'UNSUPPORTED_MEDIA',
  /** The server cannot answer now (its database is unreachable): retry after `retryAfterSeconds`; nothing was written. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** How a delivered parcel was received (签收方式): by the buyer, by someone for them, or left in a locker or station. */
export const DeliveryReceipt = {
  RECIPIENT: 'RECIPIENT',
  PROXY: 'PROXY',
  LOCKER: 'LOCKER',
} as const;
export type DeliveryReceipt = (typeof DeliveryReceipt)[keyof typeof DeliveryReceipt];
