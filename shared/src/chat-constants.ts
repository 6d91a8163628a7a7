// Chat constants without zod: the web imports these, and a module with schemas would bring zod
// (88 KB gzipped) into every chat chunk.

/** Chat limits both sides read: the composer counts against them, the server enforces them. */
export const CHAT_LIMITS = {
  bodyMaxLength: 2000,
  clientMessageIdMaxLength: 64,
  /** Default rate: messages per user and thread per window (the server's config can change it). */
  messagesPerWindow: 30,
  windowSeconds: 10,
  /** A courier thread turns read-only this long after delivery. */
  readOnlyHoursAfterDelivery: 72,
  /** "Is typing" shows this long after the last keystroke event, then clears by itself. */
  typingSeconds: 5,
  /** At most one offline notification per participant and thread in this window. */
  offlineNotifyMinutes: 10,
  /** Page size bounds for messages(). */
  pageMax: 100,
  pageDefault: 30,
} as const;

export const ThreadKind = {
  COURIER: 'COURIER',
  SUPPORT: 'SUPPORT',
} as const;
export type ThreadKind = (typeof ThreadKind)[keyof typeof ThreadKind];

export const MessageKind = {
  TEXT: 'TEXT',
  SYSTEM: 'SYSTEM',
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** What a SYSTEM message reports (parcel events in a courier thread, cases opened in a support thread). */
export const ChatSystemEvent = {
  DISPATCHED: 'DISPATCHED',
  REDISPATCHED: 'REDISPATCHED',
  PICKED_UP: 'PICKED_UP',
  EXCEPTION: 'EXCEPTION',
  DELIVERED: 'DELIVERED',
  /** SUPPORT: an agent opened a short-shipment case from the thread; the body is its case number. */
  COMPLAINT_OPENED: 'COMPLAINT_OPENED',
  /** SUPPORT: an agent's filing from the thread joined the order's open case; the body is its case number. */
  COMPLAINT_JOINED: 'COMPLAINT_JOINED',
  /** SUPPORT: an agent closed the conversation (the buyer reopens it by writing); the body is the agent's name. */
  SUPPORT_CLOSED: 'SUPPORT_CLOSED',
  /**
   * SUPPORT: the automatic answer to the buyer's first message (and to the message that reopens a
   * closed conversation); the body is the expected wait in whole minutes, which each client puts
   * into words in its own language (`waitInWords`).
   */
  SUPPORT_ACKNOWLEDGED: 'SUPPORT_ACKNOWLEDGED',
} as const;
export type ChatSystemEvent = (typeof ChatSystemEvent)[keyof typeof ChatSystemEvent];

/** Messages a courier sends with one tap. Keys are i18n keys; the text sent is the viewer's wording. */
export const COURIER_QUICK_REPLIES = ['downstairs', 'arriving', 'leftAtLocker', 'callMe'] as const;
