import type { Role } from '@parceldesk/shared';

/**
 * Who signed in, as every request carries it: plain data read with the session, not an entity.
 * Writes that point at the user take `em.getReference(User, user.id)`; reads never need more.
 */
export interface SessionUser {
  id: string;
  role: Role;
  phone: string;
  displayName: string;
  locale: string;
  createdAt: Date;
  /** The User type's field: the phone with its middle digits hidden. */
  maskedPhone: string;
  /** The store a MERCHANT runs (read with the session); null for every other role. */
  merchantId: string | null;
}

/** An active session and its user (plain data; logout changes the row by id). */
export interface ActiveSession {
  id: string;
  expiresAt: Date;
  user: SessionUser;
}
