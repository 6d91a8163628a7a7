import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Photos a request holds against its uploader's daily quota while their images are worked on.
 * Taken atomically before the image work (upload-quota.ts), deleted in the flush that stores the
 * photos, or on failure; one left by a crashed process stops counting when it expires.
 */
@Entity({ tableName: 'upload_reservation' })
@Index({ properties: ['userId', 'expiresAt'] })
export class UploadReservation {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'integer' })
  photos!: number;

  @Property({ type: 'Date' })
  expiresAt!: Date;
}
