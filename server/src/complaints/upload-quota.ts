import { ErrorCode } from '@parceldesk/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/errors.js';
import { UploadReservation } from './upload-reservation.entity.js';

/** How long a reservation holds if its request never finishes (a process that died mid-upload). */
export const RESERVATION_TTL_MINUTES = 15;

/**
 * The daily upload quota (photos per uploader in the last 24 hours), counted in PostgreSQL so that
 * every process sees one count. Checking the count before an upload and storing after it let a
 * burst through (ten simultaneous requests stored 91 photos against a quota of 60): each request
 * now reserves its photos before the image work, in a transaction that holds the uploader's
 * advisory lock while it counts stored photos plus live reservations, so two requests can never
 * both take the last places. The photos' insert deletes the reservation in the same flush.
 */
export class UploadQuota {
  constructor(
    private readonly em: () => EntityManager,
    readonly perDay: number,
  ) {}

  /** Photos this user may still send (stored and reserved ones counted): a cheap early refusal. */
  async remaining(userId: string): Promise<number> {
    const [row] = await this.em().execute<{ used: string }[]>(`select ${USED_SQL} as used`, [userId, userId]);
    return this.perDay - Number(row?.used ?? 0);
  }

  /** Reserves `photos` places or throws RATE_LIMITED; the id goes to `commit` or `release`. */
  async reserve(userId: string, photos: number): Promise<string> {
    const id = randomUUID();
    const taken = await this.em().transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`upload-quota:${userId}`]);
      // A statement after the lock: under READ COMMITTED its snapshot sees every reservation
      // committed by whoever held the lock before.
      const rows = await tx.execute<{ id: string }[]>(
        `insert into upload_reservation (id, user_id, photos, expires_at)
           select ?, ?, ?, now() + make_interval(mins => ?) where ${USED_SQL} + ? <= ?
         returning id`,
        [id, userId, photos, RESERVATION_TTL_MINUTES, userId, userId, photos, this.perDay],
      );
      return rows.length === 1;
    });
    if (!taken) throw new DomainError(ErrorCode.RATE_LIMITED, `At most ${this.perDay} photos a day`);
    return id;
  }

  /** Ends the reservation inside the caller's unit of work (the flush that stores the photos). */
  commit(em: EntityManager, reservationId: string): void {
    em.remove(em.getReference(UploadReservation, reservationId));
  }

  async release(reservationId: string): Promise<void> {
    await this.em().nativeDelete(UploadReservation, { id: reservationId });
  }
}

/** Photos stored in the last 24 hours plus places reserved by requests still at work (binds the user id twice). */
const USED_SQL = `((select count(*) from evidence where uploader_id = ? and created_at > now() - interval '24 hours')
  + (select coalesce(sum(photos), 0) from upload_reservation where user_id = ? and expires_at > now()))`;
